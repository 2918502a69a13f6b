"""The CRM's part of a GDPR export: answers the registry's crm.export_personal_data command
with the person's card (status changes, tags), the to-dos about them or assigned to their
accounts, and the history on their card."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crm import events
from crm.models import Contact, HistoryEntry, StaffMember, StatusChange, Task
from crm.repository import ContactRepository


def export_personal_data(session: Session, data: dict) -> None:
    """Everything the CRM holds about the person, as one JSON part (docs/events.md)."""
    person_id = data["person_id"]
    contact = ContactRepository(session).by_person_id(person_id)
    card_ids = [contact.id] if contact else []
    user_ids = list(
        session.scalars(select(StaffMember.user_id).where(StaffMember.person_id == person_id))
    )
    part = {
        "contacts": [_card(session, contact)] if contact else [],
        "tasks": [_task(t) for t in _tasks(session, card_ids, user_ids)],
        "history": [_entry(e) for e in _history(session, card_ids)],
    }
    events.outbox.event(
        session,
        events.PERSONAL_DATA_EXPORTED,
        {"export_id": data["export_id"], "person_id": person_id, "data": part},
    )


def _when(value):
    return value.isoformat() if value else None


def _card(session: Session, contact: Contact) -> dict:
    changes = session.scalars(
        select(StatusChange)
        .where(StatusChange.contact_id == contact.id)
        .order_by(StatusChange.changed_at)
    )
    return {
        "id": contact.id,
        "kind": contact.kind,
        "status": contact.status,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        "responsible_user_id": contact.responsible_user_id,
        "company_id": contact.company_id,
        "note": contact.note,
        "tags": [tag.name for tag in contact.tags],
        "status_changes": [_status_change(c) for c in changes],
        "created_at": _when(contact.created_at),
        "updated_at": _when(contact.updated_at),
    }


def _status_change(change: StatusChange) -> dict:
    return {
        "from": change.from_status,
        "to": change.to_status,
        "by": change.changed_by,
        "at": _when(change.changed_at),
    }


def _tasks(session: Session, card_ids: list[str], user_ids: list[str]) -> list[Task]:
    if not card_ids and not user_ids:
        return []
    query = select(Task).where(
        or_(Task.contact_id.in_(card_ids), Task.assignee_user_id.in_(user_ids))
    )
    return list(session.scalars(query.order_by(Task.created_at)))


def _task(task: Task) -> dict:
    return {
        "id": task.id,
        "kind": task.kind,
        "about_card": task.contact_id,
        "assignee_user_id": task.assignee_user_id,
        "type": task.type.name if task.type else None,
        "note": task.note,
        "remind_at": _when(task.remind_at),
        "closed_at": _when(task.closed_at),
        "created_by": task.created_by,
        "created_at": _when(task.created_at),
    }


def _history(session: Session, card_ids: list[str]) -> list[HistoryEntry]:
    if not card_ids:
        return []
    query = select(HistoryEntry).where(HistoryEntry.contact_id.in_(card_ids))
    return list(session.scalars(query.order_by(HistoryEntry.occurred_at)))


def _entry(entry: HistoryEntry) -> dict:
    return {
        "id": entry.id,
        "type": entry.type.name if entry.type else None,
        "note": entry.note,
        "written_by": entry.written_by,
        "occurred_at": _when(entry.occurred_at),
        "source": entry.source,
    }
