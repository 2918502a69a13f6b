"""The registry's persons, copied into contacts as its events tell (run in the consumer's
transaction, idempotently)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm.models import Contact
from crm.models.contact import COPIED_FIELDS, PROSPECT
from crm.repository import ContactRepository
from crm.use_cases.customers import link_if_customer
from foyer_shared.bulk import insert_new_rows
from foyer_shared.db import new_ids, utcnow


class ContactNotYetKnown(LookupError):
    """An update for a person whose `created` event the CRM has not processed (yet)."""


def person_created(session: Session, data: dict) -> None:
    """Every new person becomes a prospect; a contact that exists already is left as it is."""
    contacts = ContactRepository(session)
    if contacts.by_person_id(data["person_id"]) is not None:
        # The inbox stops redeliveries of one message; this stops a re-published event too.
        return
    fields = _as_contact(data.get("fields") or {})
    contacts.add(
        Contact(
            person_id=data["person_id"],
            kind=data.get("kind") or "person",
            status=PROSPECT,
            **{name: fields.get(name) for name in COPIED_FIELDS},
        )
    )
    link_if_customer(session, data["person_id"])


def persons_imported(session: Session, data: dict) -> None:
    """An import batch's new persons become prospects in one bulk insert."""
    persons = data.get("persons") or []
    now, ids = utcnow(), iter(new_ids(len(persons)))
    rows = []
    for person in persons:
        fields = _as_contact(person.get("fields") or {})
        rows.append(
            {
                "id": next(ids),
                "person_id": person["person_id"],
                "kind": person.get("kind") or "person",
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


# What of a person the CRM copies: a change to nothing else is not the CRM's business.
_COPIED_CHANGES = frozenset((*COPIED_FIELDS, "company_name", "bad_address"))


def _concerns_us(data: dict) -> bool:
    return not _COPIED_CHANGES.isdisjoint(data.get("changed") or {})


def person_updated(session: Session, data: dict) -> None:
    """Copy the changed names and e-mail; other changed fields are not the CRM's business
    (not even whether the CRM knows the person yet)."""
    if not _concerns_us(data):
        return
    contact = ContactRepository(session).by_person_id(data["person_id"])
    if contact is None:
        # Raising makes the consumer retry with back-off: the `created` event may be waiting
        # in the retry queue. If it never comes, the message is parked for an operator.
        raise ContactNotYetKnown(data["person_id"])
    _copy_changes(session, contact, data)


def persons_updated(session: Session, data: dict) -> None:
    """person_updated for an import batch's changed persons, their contacts read at once. One
    unknown person retries the whole batch (the copies are idempotent). A register imported
    again with new cities only (most re-imports change such fields) reads no contact."""
    persons = [p for p in data.get("persons") or [] if _concerns_us(p)]
    if not persons:
        return
    known = {
        contact.person_id: contact
        for contact in ContactRepository(session).by_person_ids([p["person_id"] for p in persons])
    }
    for person in persons:
        contact = known.get(person["person_id"])
        if contact is None:
            raise ContactNotYetKnown(person["person_id"])
        _copy_changes(session, contact, person)


def _copy_changes(session: Session, contact: Contact, data: dict) -> None:
    changed = dict(data.get("changed") or {})
    if "company_name" in changed:
        changed["last_name"] = changed["company_name"]
    for name in (*COPIED_FIELDS, "bad_address"):
        if name in changed:
            setattr(contact, name, changed[name] if name != "bad_address" else bool(changed[name]))
    if changed.get("email"):
        link_if_customer(session, data["person_id"])
