"""A sent batch's command data, read back for a resend.

One copy only: the outbox row that carried the command (`Batch.message_id`). The sender used
to store the same JSON a second time in `Batch.payload`; writing that copy (hundreds of kB a
batch, compressed by PostgreSQL) was ~12 % of a 100k dry run's time. The outbox keeps a
published row for `FOYER_OUTBOX_KEEP_PUBLISHED_HOURS` (a week), and every resend writes a new
row, so an unanswered batch's command is never older than the resend interval (300 s). Batches
sent before migration 0008 still have their payload (JSON, or zlib-compressed JSON on SQLite
and before migration 0007), which is read first.
"""

from __future__ import annotations

import zlib

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.models import Batch, messaging


class CommandGone(LookupError):
    """The batch's command is no longer in the outbox (pruned: its retention is shorter than
    the time the batch has been waiting)."""


def command_data(session: Session, batch: Batch) -> dict:
    """The `registry.import_batch` data the batch was sent with."""
    if batch.payload is not None:
        payload = batch.payload
        return orjson.loads(payload if payload[:1] == b"{" else zlib.decompress(payload))
    body = session.scalar(
        select(messaging.outbox.c.body).where(messaging.outbox.c.id == batch.message_id)
    )
    if body is None:
        raise CommandGone(f"batch {batch.batch_no}: its command is no longer in the outbox")
    return orjson.loads(body)["data"]
