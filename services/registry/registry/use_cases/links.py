"""A person's statuses, interests and relations."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry.domain import InvalidInput
from registry.domain.relation_types import RELATION_TYPES
from registry.models import InterestArea, PersonInterest, PersonStatus, Relation, Status
from registry.use_cases import Actor, NotFound, access, changes
from registry.use_cases.persons import load


def set_status_in(session: Session, actor: Actor, person_id: str, status_id: str, on: bool):
    """Within a caller's transaction (bulk uses it too); returns whether anything changed."""
    load(session, person_id)
    if session.get(Status, status_id) is None:
        raise NotFound(f"no status with id {status_id}")
    row = session.get(PersonStatus, (person_id, status_id))
    if on and row is None:
        session.add(PersonStatus(person_id=person_id, status_id=status_id))
    elif not on and row is not None:
        session.delete(row)
    else:
        return False
    changes.record(
        session, person_id, actor, "statuses", None if on else status_id, status_id if on else None
    )
    return True


def set_status(db: Database, actor: Actor, person_id: str, status_id: str, on: bool) -> None:
    with db.transaction() as session:
        set_status_in(session, actor, person_id, status_id, on)


def set_interests(db: Database, actor: Actor, person_id: str, interest_ids: list[str]) -> None:
    """Members choose their own interest areas; the list replaces the previous choice."""
    with db.transaction() as session:
        load(session, person_id)
        access.ensure_reachable(session, actor, person_id, access.EDIT)
        known = set(
            session.scalars(select(InterestArea.id).where(InterestArea.id.in_(interest_ids)))
        )
        unknown = sorted(set(interest_ids) - known)
        if unknown:
            raise InvalidInput.one("interest_ids", f"unknown interest areas {unknown}")
        rows = session.scalars(select(PersonInterest).where(PersonInterest.person_id == person_id))
        old = {r.interest_id: r for r in rows}
        for interest_id in set(old) - known:
            session.delete(old[interest_id])
        for interest_id in known - set(old):
            session.add(PersonInterest(person_id=person_id, interest_id=interest_id))
        if set(old) != known:
            changes.record(session, person_id, actor, "interests", sorted(old), sorted(known))


def add_relation(db: Database, actor: Actor, person_id: str, other_id: str, type_: str) -> dict:
    if type_ not in RELATION_TYPES:
        raise InvalidInput.one("type", f"use one of {sorted(RELATION_TYPES)}")
    if other_id == person_id:
        raise InvalidInput.one("to_person_id", "a person cannot be related to themselves")
    with db.transaction() as session:
        load(session, person_id)
        try:
            load(session, other_id)
        except NotFound as exc:
            raise InvalidInput.one("to_person_id", str(exc)) from exc
        relation = Relation(from_person_id=person_id, to_person_id=other_id, type=type_)
        session.add(relation)
        session.flush()
        for pid, other in ((person_id, other_id), (other_id, person_id)):
            changes.record(session, pid, actor, f"relations.{type_}", None, other)
    return {
        "id": relation.id,
        "type": type_,
        "person_id": other_id,
        "label": RELATION_TYPES[type_][0],
    }


def delete_relation(db: Database, actor: Actor, relation_id: str) -> None:
    with db.transaction() as session:
        relation = session.get(Relation, relation_id)
        if relation is None:
            raise NotFound(f"no relation with id {relation_id}")
        for pid, other in (
            (relation.from_person_id, relation.to_person_id),
            (relation.to_person_id, relation.from_person_id),
        ):
            changes.record(session, pid, actor, f"relations.{relation.type}", other, None)
        session.delete(relation)
