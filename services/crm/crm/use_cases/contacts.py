"""Use cases for contacts (the CRM's cards): finding and showing them."""

from __future__ import annotations

from crm.domain import NotFound
from crm.models import Contact
from crm.repository import ContactRepository
from foyer_shared.db import Database


def get_contact(db: Database, contact_id: str) -> Contact:
    with db.read_only() as session:
        contact = ContactRepository(session).get(contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def search_contacts(db: Database, person_id: str | None, offset: int, limit: int):
    with db.read_only() as session:
        return ContactRepository(session).search(person_id, offset, limit)
