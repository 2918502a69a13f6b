"""Look-ups in public registers (issue 23 §1): compare a card with the register, take chosen
fields, and the record of every look-up (who, whom, when, which register, outcome)."""

from __future__ import annotations

import logging

from foyer_shared.db import new_id, utcnow
from registry.domain import lookups as rules
from registry.domain import person_input
from registry.lookups import Registers
from registry.models.lookups import PersonLookup
from registry.use_cases import Actor, StaleVersion, access, persons
from registry.use_cases.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


def compare(
    uow: UnitOfWork, registers: Registers, actor: Actor, person_id: str, given: dict | None = None
) -> dict:
    """The register's answer beside the card, field by field."""
    card, register = _card(uow, actor, person_id)
    identifier = _identifier(uow, registers, actor, person_id, register, given, card)
    answer, cached = _ask(uow, registers, actor, person_id, register, identifier)
    _note(uow, _record(actor, person_id, register, rules.FOUND, cached))
    return _comparison(answer, cached, card)


def apply(
    uow: UnitOfWork,
    registers: Registers,
    actor: Actor,
    person_id: str,
    names: list[str],
    region: str,
    given: dict | None = None,
    expected_version: int | None = None,
) -> dict:
    """Takes the chosen fields from the register onto the card, all in one transaction (change
    log, registry.person.updated), or none of them; returns the comparison after it. With
    `expected_version` (If-Match) only onto the card as it was compared."""
    names = list(dict.fromkeys(names))  # each once (the record keeps them)
    card, register = _card(uow, actor, person_id)
    identifier = _identifier(uow, registers, actor, person_id, register, given, card)
    answer, cached = _ask(uow, registers, actor, person_id, register, identifier)
    record = _record(actor, person_id, register, rules.FOUND, cached, taken=names)
    try:
        values = rules.chosen(answer, names)
        with persons.unique_guard(), uow.transaction():
            person = persons.load(uow, person_id)
            access.ensure_reachable(uow, actor, person_id, access.EDIT)
            if expected_version is not None and person.version != expected_version:
                raise StaleVersion()
            fields = person_input.clean(values, person.kind, region, creating=False)
            persons.ensure_unique(uow, fields, person.id)
            persons.apply_fields(uow, actor, person, fields)
            uow.lookups.add(record)
            card = _card_of(person)
    except Exception:  # the register was asked: that is recorded all the same
        _note(uow, _record(actor, person_id, register, rules.FOUND, cached))
        raise
    return _comparison(answer, cached, card)


def list_lookups(uow: UnitOfWork, actor: Actor, person_id: str, offset: int, limit: int):
    """(a page of the person's look-ups, newest first; total)."""
    with uow.read_only():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id)
        rows, total = uow.lookups.of_person(person_id, offset, limit)
    return [_out(row) for row in rows], total


def _card(uow: UnitOfWork, actor: Actor, person_id: str) -> tuple[dict, str]:
    with uow.read_only():
        person = persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id, access.EDIT)
        return _card_of(person), rules.REGISTER_OF_KIND[person.kind]


def _card_of(person) -> dict:
    names = ("personnummer", "birth_date", *rules.FIELDS[rules.SPAR], *rules.FIELDS[rules.ARES])
    return {name: getattr(person, name, None) for name in names}


def _identifier(uow, registers, actor, person_id, register, given, card) -> str:
    try:
        registers.ensure_configured(register)
    except rules.LookupFailed as exc:
        _note(uow, _record(actor, person_id, register, exc.outcome, False))
        raise
    return rules.identifier_for(register, (given or {}).get(rules.IDENTIFIER_FIELD[register]), card)


def _ask(uow, registers, actor, person_id, register, identifier):
    """The register's answer (from the cache when it can); a failure is recorded, then raised."""
    try:
        return registers.look_up(register, identifier)
    except rules.LookupFailed as exc:
        _note(uow, _record(actor, person_id, register, exc.outcome, False))
        raise


def _note(uow: UnitOfWork, record: PersonLookup) -> None:
    """A look-up's record in a transaction of its own; never in the way of the answer or the
    error the caller is told (a person deleted meanwhile leaves nothing to record it on)."""
    try:
        with uow.transaction():
            uow.lookups.add(record)
    except Exception:  # noqa: BLE001 - the original error is the one to raise
        log.warning("look-up of person %s not recorded", record.person_id, exc_info=True)


def _record(actor, person_id, register, outcome, cached, taken=()) -> PersonLookup:
    return PersonLookup(
        id=new_id(),
        person_id=person_id,
        looked_up_by=actor.user_id,
        looked_up_at=utcnow(),
        register=register,
        outcome=outcome,
        cached=cached,
        taken=",".join(taken),
    )


def _comparison(answer: rules.RegisterAnswer, cached: bool, card: dict) -> dict:
    return {
        "register": answer.register,
        "cached": cached,
        "fields": rules.compare(answer, card),
    }


def _out(row: PersonLookup) -> dict:
    return {
        "id": row.id,
        "person_id": row.person_id,
        "looked_up_by": row.looked_up_by,
        "looked_up_at": row.looked_up_at,
        "register": row.register,
        "outcome": row.outcome,
        "cached": row.cached,
        "taken": [name for name in row.taken.split(",") if name],
    }
