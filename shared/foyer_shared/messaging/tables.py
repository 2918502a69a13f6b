"""The outbox and inbox tables, added to each service's own metadata (and so its migrations)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text

from foyer_shared.db import UTCDateTime, UUIDStr


class MessagingTables(NamedTuple):
    outbox: Table
    inbox: Table


def messaging_tables(metadata: MetaData) -> MessagingTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", UUIDStr, primary_key=True),  # the envelope id
        Column("exchange", String(100), nullable=False),
        Column("routing_key", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("published_at", UTCDateTime, nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UTCDateTime, nullable=True),
        Column("last_error", Text, nullable=True),
        Index("ix_outbox_pending", "published_at", "created_at"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("message_id", UUIDStr, primary_key=True),
        Column("consumer", String(200), primary_key=True),
        Column("processed_at", UTCDateTime, nullable=False),
        Index("ix_inbox_processed_at", "processed_at"),  # the relay deletes old records
    )
    return MessagingTables(outbox, inbox)
