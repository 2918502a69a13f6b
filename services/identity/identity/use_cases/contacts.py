"""identity's copy of each person card's e-mail, kept from the registry's person events.

Called by handlers.py in the consumer's transaction. Idempotent: a redelivery writes the same
value again. Only the e-mail is kept; a card without one is remembered as "no e-mail".
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from identity.repository.contact import ContactRepository


def remember(session: Session, person_id: str, email: str | None) -> None:
    ContactRepository(session).put(person_id, email)


def remember_many(session: Session, emails: dict[str, str | None]) -> None:
    ContactRepository(session).put_many(emails)


def remember_changes(session: Session, person_id: str, changed: dict) -> None:
    """registry.person.updated names only what changed; anything but the e-mail is not ours."""
    if "email" in changed:
        remember(session, person_id, changed["email"])


def remember_many_changes(session: Session, persons: list[dict]) -> None:
    """remember_changes for each of registry.persons.updated's persons, in one upsert."""
    emails = {p["person_id"]: p["changed"]["email"] for p in persons if "email" in p["changed"]}
    if emails:
        remember_many(session, emails)


def forget(session: Session, person_ids: list[str]) -> None:
    ContactRepository(session).delete(person_ids)
