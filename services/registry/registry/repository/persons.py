"""The register's persons in one session: find, add, erase, search, and what a page shows."""

from __future__ import annotations

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from registry.domain.relation_types import RELATION_TYPES
from registry.models import (
    Family,
    FamilyMember,
    Group,
    GroupMembership,
    InterestArea,
    Person,
    PersonChange,
    PersonInterest,
    PersonStatus,
    Relation,
    Status,
)
from registry.repository import search


class Persons:
    """Session-bound; never commits. `flush` writes the changes made to loaded persons and
    raises StaleDataError when another writer changed one since it was read (its version)."""

    def __init__(self, session: Session):
        self._session = session

    def get(self, person_id: str) -> Person | None:
        return self._session.get(Person, person_id)

    def add(self, person: Person) -> None:
        self._session.add(person)
        self._session.flush()

    def flush(self) -> None:
        self._session.flush()

    def id_with(self, field: str, value) -> str | None:
        """The id of a person whose `field` (personnummer, org_number) is `value`."""
        return self._session.scalars(
            select(Person.id).where(getattr(Person, field) == value)
        ).first()

    def id_of_user(self, user_id: str) -> str | None:
        """The person linked to a login account."""
        return self._session.scalars(
            select(Person.id).where(Person.user_id == user_id).limit(1)
        ).first()

    def erase(self, person: Person) -> None:
        """The person and their change log (it holds old values too: right to erasure); groups,
        family, statuses, fields and relations go with them (ON DELETE CASCADE)."""
        self._session.execute(delete(PersonChange).where(PersonChange.person_id == person.id))
        self._session.delete(person)
        self._session.flush()

    def search(self, filters: dict, offset: int, limit: int, within: set[str] | None = None):
        """(persons of the page, total); `within`: the ids a scoped caller reaches."""
        return search.page(self._session, filters, offset, limit, within)

    def ids_matching(self, filters: dict, limit: int) -> list[str]:
        return search.ids_matching(self._session, filters, limit)

    def segments(self, person: Person, staff: bool) -> dict:
        return segments_of(self._session, person, staff)


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
