"""Use cases for contacts: each opens one unit of work (reads only, so far)."""

from __future__ import annotations

from crm.models import Contact
from crm.repository import ContactRepository
from foyer_shared.db import Database


class ContactNotFound(LookupError):
    pass


def get_contact(db: Database, contact_id: str) -> Contact:
    with db.read_only() as session:
        contact = ContactRepository(session).get(contact_id)
    if contact is None:
        raise ContactNotFound(contact_id)
    return contact


def search_contacts(db: Database, person_id: str | None, offset: int, limit: int):
    with db.read_only() as session:
        return ContactRepository(session).search(person_id, offset, limit)
