"""Queries about persons: what a person's page shows besides the fields."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

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
