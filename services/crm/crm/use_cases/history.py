"""History entries on a card: what happened, a note, who wrote it and when; newest first."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm.domain import InvalidInput, NotFound
from crm.domain import labels as L
from crm.models import HistoryEntry
from crm.repository import ContactRepository, HistoryRepository, LabelRepository
from crm.use_cases import Actor
from foyer_shared.db import Database, utcnow
from foyer_shared.words import N_


def write(
    session: Session,
    actor: Actor,
    contact_id: str,
    data: dict,
    source: str = "staff",
    task_id: str | None = None,
) -> HistoryEntry:
    type_id = data.get("type_id")
    if type_id:
        L.ensure_choosable(LabelRepository(session).get(type_id), L.HISTORY_TYPE, "type_id")
    if not type_id and not data.get("note"):
        raise InvalidInput.one("type_id", N_("a history entry needs a type or a note"))
    entry = HistoryEntry(
        contact_id=contact_id,
        type_id=type_id,
        note=data.get("note"),
        written_by=data.get("written_by") or actor.name,
        occurred_at=data.get("occurred_at") or utcnow(),
        source=source,
        task_id=task_id,
    )
    HistoryRepository(session).add(entry)
    session.flush()
    session.expire(entry, ["type"])
    _ = entry.type  # shown after the session closes
    return entry


def add_entry(db: Database, actor: Actor, contact_id: str, data: dict) -> HistoryEntry:
    with db.transaction() as session:
        _card(session, contact_id)
        return write(session, actor, contact_id, data)


def list_entries(db: Database, contact_id: str, offset: int, limit: int):
    with db.read_only() as session:
        _card(session, contact_id)
        return HistoryRepository(session).of_contact(contact_id, offset, limit)


def _card(session: Session, contact_id: str) -> None:
    if ContactRepository(session).get(contact_id) is None:
        raise NotFound(f"no contact with id {contact_id}")
