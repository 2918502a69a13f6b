"""Reading the messages: the whole list for staff, a person's communication log."""

from __future__ import annotations

from foyer_shared.access import AccessContext
from foyer_shared.db import Database
from notify.domain.errors import NotYours
from notify.repository import MessageRepository

READ_ALL = "notify.messages.read"


def list_messages(db: Database, offset: int, limit: int):
    with db.read_only() as session:
        return MessageRepository(session).newest_first(offset, limit)


def person_log(db: Database, caller: AccessContext, person_id: str, offset: int, limit: int):
    """What was sent to the person; staff with notify.messages.read see anyone's, others
    only their own (their person in the access context's scopes)."""
    if not caller.grants(READ_ALL) and (caller.scopes or {}).get("person_id") != person_id:
        raise NotYours(f"this needs the permission {READ_ALL!r}: you may read only your own log")
    with db.read_only() as session:
        return MessageRepository(session).newest_first(offset, limit, person_id=person_id)
