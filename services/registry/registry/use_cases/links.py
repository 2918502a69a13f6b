"""A person's statuses, interests and relations, and the segments shown with a person."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry.domain import InvalidInput
from registry.domain.relation_types import RELATION_TYPES
from registry.models import (
    Family,
    FamilyMember,
    Group,
    GroupMembership,
    InterestArea,
    Person,
    PersonInterest,
    PersonStatus,
    Relation,
    Status,
)
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


def segments_of(session: Session, person: Person, staff: bool) -> dict:
    """What a person's page shows besides the fields; statuses only to staff."""
    pid = person.id
    out: dict = {
        "interests": [
            {"id": i.id, "name": i.name}
            for i in session.scalars(
                select(InterestArea).join(PersonInterest).where(PersonInterest.person_id == pid)
            )
        ],
        "groups": [
            {"id": g.id, "name": g.name, "role": role}
            for role, g in session.execute(
                select(GroupMembership.role, Group)
                .join(Group)
                .where(GroupMembership.person_id == pid)
            )
        ],
        "relations": relations_of(session, pid),
        "family": None,
    }
    if staff:
        out["statuses"] = [
            {"id": s.id, "name": s.name}
            for s in session.scalars(
                select(Status).join(PersonStatus).where(PersonStatus.person_id == pid)
            )
        ]
    member = session.get(FamilyMember, pid)
    if member is not None:
        family = session.get(Family, member.family_id)
        out["family"] = {
            "id": family.id,
            "name": family.name,
            "is_head": member.is_head,
            "rights": [r for r in member.rights.split(",") if r],
        }
    return out


def relations_of(session: Session, person_id: str) -> list[dict]:
    """Each relation labelled from this person's side (parent of / child of)."""
    rows = session.scalars(
        select(Relation).where(
            or_(Relation.from_person_id == person_id, Relation.to_person_id == person_id)
        )
    )
    result = []
    for r in rows:
        forward = r.from_person_id == person_id
        other = r.to_person_id if forward else r.from_person_id
        label = RELATION_TYPES[r.type][0 if forward else 1]
        result.append({"id": r.id, "type": r.type, "person_id": other, "label": label})
    return result
