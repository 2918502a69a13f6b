"""Use cases for persons: each opens one unit of work, changes the domain, writes its events."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from foyer_shared.db import Database
from registry import events
from registry.models import Person
from registry.models.person import EDITABLE_FIELDS
from registry.repository import PersonRepository


class PersonNotFound(LookupError):
    pass


class PersonConflict(ValueError):
    """The change clashes with another person; `field` names the cause."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


class StaleVersion(ValueError):
    """Someone else changed the person since the caller read it."""

    def __init__(self):
        super().__init__("the person was changed by someone else; reload and retry")


def create_person(db: Database, fields: dict) -> Person:
    person = Person(**{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    try:
        with db.transaction() as session:
            persons = PersonRepository(session)
            _ensure_personnummer_free(persons, person.personnummer, None)
            persons.add(person)
            session.flush()
            events.outbox.event(
                session,
                events.PERSON_CREATED,
                {"person_id": person.id, "kind": "person", "fields": person.facts()},
            )
    except IntegrityError as exc:  # a concurrent insert with the same personnummer
        raise PersonConflict("a person with this personnummer exists", "personnummer") from exc
    return person


def update_person(
    db: Database, person_id: str, changes: dict, expected_version: int | None = None
) -> Person:
    try:
        with db.transaction() as session:
            persons = PersonRepository(session)
            person = persons.get(person_id)
            if person is None:
                raise PersonNotFound(person_id)
            if expected_version is not None and person.version != expected_version:
                raise StaleVersion()
            if "personnummer" in changes:
                _ensure_personnummer_free(persons, changes["personnummer"], person.id)
            changed = {
                name: value
                for name, value in changes.items()
                if name in EDITABLE_FIELDS and getattr(person, name) != value
            }
            for name, value in changed.items():
                setattr(person, name, value)
            if changed:
                session.flush()
                events.outbox.event(
                    session,
                    events.PERSON_UPDATED,
                    {"person_id": person.id, "kind": "person", "changed": changed},
                )
    except StaleDataError as exc:
        raise StaleVersion() from exc
    except IntegrityError as exc:
        raise PersonConflict("a person with this personnummer exists", "personnummer") from exc
    return person


def get_person(db: Database, person_id: str) -> Person:
    with db.read_only() as session:
        person = PersonRepository(session).get(person_id)
    if person is None:
        raise PersonNotFound(person_id)
    return person


def search_persons(db: Database, text: str | None, offset: int, limit: int):
    with db.read_only() as session:
        return PersonRepository(session).search(text, offset, limit)


def _ensure_personnummer_free(persons: PersonRepository, value: str | None, own_id) -> None:
    if value:
        other = persons.by_personnummer(value)
        if other is not None and other.id != own_id:
            raise PersonConflict("a person with this personnummer exists", "personnummer")
