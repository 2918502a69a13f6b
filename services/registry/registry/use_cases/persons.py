"""Registering, reading and correcting persons and companies."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from foyer_shared.db import new_id
from foyer_shared.words import N_
from registry import events
from registry.domain import person_input
from registry.models import Person
from registry.models.person import ADDRESS_FIELDS, EDITABLE_FIELDS, PERSON
from registry.use_cases import (
    Actor,
    Conflict,
    OutOfScope,
    PersonNotFound,
    StaleVersion,
    access,
    extended,
    read_log,
    requirements,
)
from registry.use_cases.unit_of_work import UnitOfWork

_UNIQUE = ("personnummer", "org_number")


def create_person(uow: UnitOfWork, actor: Actor, data: dict, region: str) -> Person:
    """`data`: the fields, plus `kind`, and optional `extra_fields` and `context`."""
    if not access.unscoped(actor):
        raise OutOfScope("registering persons needs registry.persons.all")
    data = dict(data)
    kind = data.pop("kind", PERSON)
    extra, context = data.pop("extra_fields", None), data.pop("context", None)
    fields = person_input.clean(data, kind, region, creating=True)
    person = Person(id=new_id(), kind=kind, **fields)
    person.refresh_search_text()
    with unique_guard(), uow.transaction():
        requirements.enforce(uow, context, kind, fields, extra or {})
        ensure_unique(uow, fields, None)
        uow.persons.add(person)
        extended.apply_values(uow, actor, person, extra or {}, context, creating=True)
        uow.changes.record_all(
            person.id,
            actor,
            {name: (None, value) for name, value in fields.items() if value is not None},
        )
        uow.publish(
            events.PERSON_CREATED,
            {"person_id": person.id, "kind": kind, "fields": person.facts()},
        )
    return person


def update_person(
    uow: UnitOfWork,
    actor: Actor,
    person_id: str,
    data: dict,
    region: str,
    expected_version: int | None = None,
) -> Person:
    """Changes the fields given; with `expected_version` (If-Match) only the version read."""
    data = dict(data)
    extra, context = data.pop("extra_fields", None), data.pop("context", None)
    with unique_guard(), uow.transaction():
        person = load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id, access.EDIT)
        if expected_version is not None and person.version != expected_version:
            raise StaleVersion()
        fields = person_input.clean(data, person.kind, region, creating=False)
        if context:  # completing a scenario (a purchase): its required fields must be there
            after = {name: getattr(person, name, None) for name in EDITABLE_FIELDS} | fields
            stored = extended.values_of(uow, person.id, staff=True)
            requirements.enforce(uow, context, person.kind, after, stored | (extra or {}))
        ensure_unique(uow, fields, person.id)
        apply_fields(uow, actor, person, fields)
        if extra:
            extended.apply_values(uow, actor, person, extra, context, creating=False)
    return person


def apply_fields(uow: UnitOfWork, actor: Actor, person: Person, fields: dict) -> dict:
    """Set the fields that differ, log them, publish registry.person.updated; returns them."""
    changed = {
        name: (getattr(person, name), value)
        for name, value in fields.items()
        if getattr(person, name) != value
    }
    if any(name in ADDRESS_FIELDS for name in changed) and person.bad_address:
        changed["bad_address"] = (True, False)  # a new address may well work
    if not changed:
        return {}
    for name, (_old, new) in changed.items():
        setattr(person, name, new)
    person.refresh_search_text()
    uow.changes.record_all(person.id, actor, changed)
    try:
        uow.persons.flush()
    except StaleDataError as exc:
        raise StaleVersion() from exc
    new_values = {name: to_wire(new) for name, (_old, new) in changed.items()}
    uow.publish(
        events.PERSON_UPDATED,
        {"person_id": person.id, "kind": person.kind, "changed": new_values},
    )
    return new_values


def get_person(uow: UnitOfWork, actor: Actor, person_id: str, reads=None) -> Person:
    """The person with `extra_fields` and segments (groups, family, ...) set on it; with
    `reads` (the read log's writer) the read is noted (use_cases/read_log.py)."""
    with uow.read_only():
        person = load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id)
        staff = access.unscoped(actor)
        for name, value in uow.persons.segments(person.id, staff).items():
            setattr(person, name, value)
    read_log.noted(reads, actor, person_id)
    return person


def read_card(uow: UnitOfWork, actor: Actor, person_id: str, reads=None) -> dict:
    """What get_person shows, as plain values rather than an entity (the GET's read path: no
    ORM load; api/person_json.py turns it into PersonOut's JSON)."""
    with uow.read_only():
        card = uow.persons.card(person_id)
        if card is None:
            raise PersonNotFound(person_id)
        access.ensure_reachable(uow, actor, person_id)
        card.update(uow.persons.segments(person_id, access.unscoped(actor)))
    read_log.noted(reads, actor, person_id)
    return card


def load(uow: UnitOfWork, person_id: str) -> Person:
    person = uow.persons.get(person_id)
    if person is None:
        raise PersonNotFound(person_id)
    return person


def to_wire(value):
    """A value as events and import answers carry it (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def ensure_unique(uow: UnitOfWork, fields: dict, own_id: str | None) -> None:
    for name in _UNIQUE:
        value = fields.get(name)
        if value:
            other = uow.persons.id_with(name, value)
            if other is not None and other != own_id:
                raise Conflict(N_("a person with this %(field)s exists") % {"field": name}, name)


class unique_guard:
    """A concurrent insert of the same personnummer/org number loses at the unique index."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, IntegrityError):
            field = "org_number" if "org_number" in str(exc) else "personnummer"
            said = N_("a person with this %(field)s exists") % {"field": field}
            raise Conflict(said, field) from exc
        if exc_type is not None and issubclass(exc_type, StaleDataError):
            raise StaleVersion() from exc
        return False


def search_persons(uow: UnitOfWork, actor: Actor, filters: dict, offset: int, limit: int):
    """(a page of persons, total): free text, filters, sorting (repository/search.py); a
    caller narrowed by scopes finds only the persons they reach."""
    with uow.read_only():
        within = None if access.unscoped(actor) else access.scope_of(uow, actor)
        return uow.persons.search(filters, offset, limit, within)
