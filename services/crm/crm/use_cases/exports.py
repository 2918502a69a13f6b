"""The CRM's part of a GDPR export: answers registry's crm.export_personal_data command."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm import events
from crm.repository import ContactRepository


def export_personal_data(session: Session, data: dict) -> None:
    """Everything the CRM holds about the person, as one JSON part (docs/events.md)."""
    person_id = data["person_id"]
    contact = ContactRepository(session).by_person_id(person_id)
    contacts = (
        []
        if contact is None
        else [
            {
                "id": contact.id,
                "status": contact.status,
                "first_name": contact.first_name,
                "last_name": contact.last_name,
                "email": contact.email,
                "created_at": contact.created_at.isoformat(),
                "updated_at": contact.updated_at.isoformat(),
            }
        ]
    )
    events.outbox.event(
        session,
        events.PERSONAL_DATA_EXPORTED,
        {
            "export_id": data["export_id"],
            "person_id": person_id,
            "data": {"contacts": contacts},
        },
    )
