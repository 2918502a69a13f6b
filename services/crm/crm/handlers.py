"""The registry events the CRM consumes; each runs in the consumer's transaction, idempotently."""

from __future__ import annotations

import logging

from sqlalchemy import delete
from sqlalchemy.orm import Session

from crm.models import Contact
from crm.models.contact import COPIED_FIELDS, PROSPECT
from crm.repository import ContactRepository
from foyer_shared.bulk import insert_new_rows
from foyer_shared.db import new_ids, utcnow
from foyer_shared.envelope import Envelope

log = logging.getLogger(__name__)

PERSON_CREATED = "registry.person.created"
PERSON_UPDATED = "registry.person.updated"
PERSON_MERGED = "registry.person.merged"
PERSON_DELETED = "registry.person.deleted"
PERSONS_IMPORTED = "registry.persons.imported"
PERSONS_DELETED = "registry.persons.deleted"


class ContactNotYetKnown(LookupError):
    """An update for a person whose `created` event the CRM has not processed (yet)."""


def on_person_created(session: Session, envelope: Envelope) -> None:
    """Every new person becomes a prospect; a contact that exists already is left as it is."""
    data = envelope.data
    contacts = ContactRepository(session)
    if contacts.by_person_id(data["person_id"]) is not None:
        # The inbox stops redeliveries of one message; this stops a re-published event too.
        return
    fields = _as_contact(data.get("fields") or {})
    contacts.add(
        Contact(
            person_id=data["person_id"],
            status=PROSPECT,
            **{name: fields.get(name) for name in COPIED_FIELDS},
        )
    )


def on_persons_imported(session: Session, envelope: Envelope) -> None:
    """An import batch's new persons become prospects in one bulk insert."""
    persons = envelope.data.get("persons") or []
    now, ids = utcnow(), iter(new_ids(len(persons)))
    rows = []
    for person in persons:
        fields = _as_contact(person.get("fields") or {})
        rows.append(
            {
                "id": next(ids),
                "person_id": person["person_id"],
                "status": PROSPECT,
                "created_at": now,
                "updated_at": now,
                **{name: fields.get(name) for name in COPIED_FIELDS},
            }
        )
    # A person already a contact (a re-published event, or its person.created came first)
    # is left as it is.
    insert_new_rows(session, Contact.__table__, rows, key="person_id")


def _as_contact(facts: dict) -> dict:
    """A company (kind=company) has a company name instead of first and last names."""
    facts = dict(facts)
    if facts.get("company_name") is not None:
        facts["last_name"] = facts["company_name"]
    facts["first_name"] = facts.get("first_name") or ""
    facts["last_name"] = facts.get("last_name") or ""
    return facts


def on_person_updated(session: Session, envelope: Envelope) -> None:
    """Copy the changed names and e-mail; other changed fields are not the CRM's business."""
    data = envelope.data
    contact = ContactRepository(session).by_person_id(data["person_id"])
    if contact is None:
        # Raising makes the consumer retry with back-off: the `created` event may be waiting
        # in the retry queue. If it never comes, the message is parked for an operator.
        raise ContactNotYetKnown(data["person_id"])
    changed = dict(data.get("changed") or {})
    if "company_name" in changed:
        changed["last_name"] = changed["company_name"]
    for name in COPIED_FIELDS:
        if name in changed:
            setattr(contact, name, changed[name])


def on_person_merged(session: Session, envelope: Envelope) -> None:
    """Everything the CRM holds about the removed person now belongs to the kept one."""
    contacts = ContactRepository(session)
    removed = contacts.by_person_id(envelope.data["removed_id"])
    if removed is None:
        return  # never known here, or moved already by an earlier delivery
    if contacts.by_person_id(envelope.data["kept_id"]) is None:
        removed.person_id = envelope.data["kept_id"]
    else:
        # One contact per person: the kept person's contact (and its pipeline status) stays.
        session.delete(removed)


def on_person_deleted(session: Session, envelope: Envelope) -> None:
    """The person was erased from the register: the CRM erases its copy too."""
    contact = ContactRepository(session).by_person_id(envelope.data["person_id"])
    if contact is not None:
        session.delete(contact)


def on_persons_deleted(session: Session, envelope: Envelope) -> None:
    """Many persons erased at once (an import undone): their contacts go in one statement."""
    session.execute(delete(Contact).where(Contact.person_id.in_(envelope.data["person_ids"])))


REGISTRY_HANDLERS = {
    PERSON_CREATED: on_person_created,
    PERSON_UPDATED: on_person_updated,
    PERSON_MERGED: on_person_merged,
    PERSON_DELETED: on_person_deleted,
    PERSONS_DELETED: on_persons_deleted,
    PERSONS_IMPORTED: on_persons_imported,
}
