"""A person's statuses, interests and relations."""

from __future__ import annotations

from foyer_shared.db import new_id
from registry.domain import InvalidInput
from registry.domain.relation_types import RELATION_TYPES
from registry.models import PersonInterest, PersonStatus, Relation
from registry.use_cases import Actor, NotFound, access
from registry.use_cases.persons import load
from registry.use_cases.unit_of_work import UnitOfWork


def set_status_in(uow: UnitOfWork, actor: Actor, person_id: str, status_id: str, on: bool):
    """Within a caller's transaction (bulk uses it too); returns whether anything changed."""
    load(uow, person_id)
    if uow.links.status(status_id) is None:
        raise NotFound(f"no status with id {status_id}")
    row = uow.links.person_status(person_id, status_id)
    if on and row is None:
        uow.links.add(PersonStatus(person_id=person_id, status_id=status_id))
    elif not on and row is not None:
        uow.links.delete(row)
    else:
        return False
    uow.changes.record(
        person_id, actor, "statuses", None if on else status_id, status_id if on else None
    )
    return True


def set_status(uow: UnitOfWork, actor: Actor, person_id: str, status_id: str, on: bool) -> None:
    with uow.transaction():
        set_status_in(uow, actor, person_id, status_id, on)


def set_interests(uow: UnitOfWork, actor: Actor, person_id: str, interest_ids: list[str]) -> None:
    """Members choose their own interest areas; the list replaces the previous choice."""
    with uow.transaction():
        load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id, access.EDIT)
        known = uow.links.known_interests(interest_ids)
        unknown = sorted(set(interest_ids) - known)
        if unknown:
            raise InvalidInput.one("interest_ids", f"unknown interest areas {unknown}")
        old = uow.links.interests_of(person_id)
        for interest_id in set(old) - known:
            uow.links.delete(old[interest_id])
        for interest_id in known - set(old):
            uow.links.add(PersonInterest(person_id=person_id, interest_id=interest_id))
        if set(old) != known:
            uow.changes.record(person_id, actor, "interests", sorted(old), sorted(known))


def add_relation(uow: UnitOfWork, actor: Actor, person_id: str, other_id: str, type_: str) -> dict:
    if type_ not in RELATION_TYPES:
        raise InvalidInput.one("type", f"use one of {sorted(RELATION_TYPES)}")
    if other_id == person_id:
        raise InvalidInput.one("to_person_id", "a person cannot be related to themselves")
    with uow.transaction():
        load(uow, person_id)
        try:
            load(uow, other_id)
        except NotFound as exc:
            raise InvalidInput.one("to_person_id", str(exc)) from exc
        relation = Relation(
            id=new_id(), from_person_id=person_id, to_person_id=other_id, type=type_
        )
        uow.links.add_relation(relation)
        for pid, other in ((person_id, other_id), (other_id, person_id)):
            uow.changes.record(pid, actor, f"relations.{type_}", None, other)
    return {
        "id": relation.id,
        "type": type_,
        "person_id": other_id,
        "label": RELATION_TYPES[type_][0],
    }


def delete_relation(uow: UnitOfWork, actor: Actor, relation_id: str) -> None:
    with uow.transaction():
        relation = uow.links.relation(relation_id)
        if relation is None:
            raise NotFound(f"no relation with id {relation_id}")
        for pid, other in (
            (relation.from_person_id, relation.to_person_id),
            (relation.to_person_id, relation.from_person_id),
        ):
            uow.changes.record(pid, actor, f"relations.{relation.type}", other, None)
        uow.links.delete(relation)
