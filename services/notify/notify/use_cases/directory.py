"""notify's copies of who is who: contacts from the registry, accounts from identity.

Kept from events (handlers.py) so a message can be addressed without asking another service;
each change is idempotent (an upsert, or a delete of what may be gone already).
"""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from foyer_shared.bulk import insert_rows, matching
from foyer_shared.db import utcnow
from notify.models import Account, Contact, Message, SuppressedAddress

CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile_phone",
    "language",
    "remind_by_email",
    "remind_by_sms",
)
ERASED_ADDRESS = "(erased)"


def person_created(session: Session, person_id: str, facts: dict) -> None:
    contact = session.get(Contact, person_id) or Contact(person_id=person_id)
    _apply(contact, facts)
    session.add(contact)


def persons_created(session: Session, persons: dict[str, dict]) -> None:
    """person_created for a whole import batch ({person id: facts}): the contacts already
    known are looked up at once and updated, the new ones written in one COPY. One lookup
    and one ORM insert per person had made notify the busiest consumer of an import."""
    persons = dict(persons)
    for contact in session.scalars(
        select(Contact).where(matching(session, Contact.person_id, list(persons)))
    ):
        _apply(contact, persons.pop(contact.person_id))
    now = utcnow()
    insert_rows(session, Contact.__table__, [_new_row(p, f, now) for p, f in persons.items()])


# A new contact's fields before facts are applied: the registry's reminder defaults.
_NEW_CONTACT = {name: None for name in CONTACT_FIELDS} | {
    "remind_by_email": True,
    "remind_by_sms": False,
}


def _new_row(person_id: str, facts: dict, now) -> dict:
    """The contacts row a new Contact with these facts applied would be (a dict: an ORM
    object a row had been most of notify's CPU in an import)."""
    return {"person_id": person_id, **_NEW_CONTACT, **_values(facts), "updated_at": now}


def person_updated(session: Session, person_id: str, changed: dict) -> None:
    if not _values(changed):
        return  # nothing notify keeps (a city, say)
    contact = session.get(Contact, person_id)
    if contact is None:  # created before notify listened: what we learn now is a start
        contact = Contact(person_id=person_id)
        session.add(contact)
    _apply(contact, changed)


def persons_updated(session: Session, persons: dict[str, dict]) -> None:
    """person_updated for an import batch ({person id: changed fields}): the contacts looked
    up at once; any notify has not met yet start from what is learnt now. Changes to nothing
    notify keeps (a register imported again with new cities) read no contact."""
    persons = {person_id: changed for person_id, changed in persons.items() if _values(changed)}
    if not persons:
        return
    known = {
        contact.person_id: contact
        for contact in session.scalars(
            select(Contact).where(matching(session, Contact.person_id, list(persons)))
        )
    }
    for person_id, changed in persons.items():
        contact = known.get(person_id)
        if contact is None:
            contact = Contact(person_id=person_id)
            session.add(contact)
        _apply(contact, changed)


def _apply(contact: Contact, facts: dict) -> None:
    for name, value in _values(facts).items():
        setattr(contact, name, value)


def _values(facts: dict) -> dict:
    """The contact fields the facts set; a company's name stands in for a missing last name."""
    if facts.get("company_name") and not facts.get("last_name"):
        facts = {**facts, "last_name": facts["company_name"]}
    return {
        name: bool(facts[name]) if name.startswith("remind_by_") else facts[name]
        for name in CONTACT_FIELDS
        if name in facts
    }


def persons_erased(session: Session, person_ids: list[str]) -> None:
    """The message rows stay (counts, delivery statistics), the persons' traces go."""
    session.execute(
        update(Message)
        .where(matching(session, Message.person_id, person_ids))
        .values(
            person_id=None, to_address=ERASED_ADDRESS, subject=None, body_text=None, body_html=None
        )
    )
    session.execute(delete(Contact).where(matching(session, Contact.person_id, person_ids)))
    session.execute(
        delete(SuppressedAddress).where(matching(session, SuppressedAddress.person_id, person_ids))
    )
    session.execute(
        update(Account)
        .where(matching(session, Account.person_id, person_ids))
        .values(person_id=None)
    )


def persons_merged(session: Session, kept_id: str, removed_id: str) -> None:
    for table in (Message, SuppressedAddress, Account):
        session.execute(
            update(table).where(table.person_id == removed_id).values(person_id=kept_id)
        )
    session.execute(delete(Contact).where(Contact.person_id == removed_id))


def account_seen(session: Session, user_id: str, **facts) -> None:
    account = session.get(Account, user_id) or Account(user_id=user_id)
    for name, value in facts.items():
        setattr(account, name, value)
    session.add(account)


def account_deleted(session: Session, user_id: str) -> None:
    session.execute(delete(Account).where(Account.user_id == user_id))
