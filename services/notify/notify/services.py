"""Use cases for messages: each opens one unit of work (reads only, so far)."""

from __future__ import annotations

from foyer_shared.db import Database
from notify.repository import MessageRepository


def list_messages(db: Database, offset: int, limit: int):
    with db.read_only() as session:
        return MessageRepository(session).newest_first(offset, limit)
