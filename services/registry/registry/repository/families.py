"""Families in one session: who is in one, and the rights members hold over each other."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.models import Family, FamilyMember, Person


class Families:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def get(self, family_id: str) -> Family | None:
        return self._session.get(Family, family_id)

    def add(self, family: Family) -> None:
        self._session.add(family)
        self._session.flush()

    def delete(self, family: Family) -> None:
        self._session.delete(family)

    def member(self, person_id: str) -> FamilyMember | None:
        """The person's place in a family (a person belongs to at most one)."""
        return self._session.get(FamilyMember, person_id)

    def add_member(self, member: FamilyMember) -> None:
        self._session.add(member)
        self._session.flush()

    def remove_member(self, member: FamilyMember) -> None:
        self._session.delete(member)

    def members(self, family_id: str) -> list[FamilyMember]:
        return members(self._session, family_id)

    def count_others(self, family_id: str, person_id: str) -> int:
        """How many members the family has besides the person."""
        return self._session.scalar(
            select(func.count())
            .select_from(FamilyMember)
            .where(FamilyMember.family_id == family_id)
            .where(FamilyMember.person_id != person_id)
        )

    def roster(self, family_id: str) -> list[tuple[FamilyMember, Person]]:
        return [
            (member, person)
            for member, person in self._session.execute(
                select(FamilyMember, Person)
                .join(Person, Person.id == FamilyMember.person_id)
                .where(FamilyMember.family_id == family_id)
            )
        ]


def members(session: Session, family_id: str) -> list[FamilyMember]:
    return list(session.scalars(select(FamilyMember).where(FamilyMember.family_id == family_id)))
