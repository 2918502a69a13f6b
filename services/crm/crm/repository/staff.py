"""Staff members and role names (copied from identity's events)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.models.staff import KnownRole, StaffMember


class StaffRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, user_id: str | None) -> StaffMember | None:
        return self.session.get(StaffMember, user_id) if user_id else None

    def add(self, member: StaffMember) -> None:
        self.session.add(member)

    def by_user_ids(self, user_ids: list[str]) -> dict[str, StaffMember]:
        """Many at once (a part of identity's account list), by user id."""
        query = select(StaffMember).where(StaffMember.user_id.in_(user_ids))
        return {member.user_id: member for member in self.session.scalars(query)}

    def by_person(self, person_id: str) -> list[StaffMember]:
        query = select(StaffMember).where(StaffMember.person_id == person_id)
        return list(self.session.scalars(query))

    def role_names(self) -> set[str]:
        return set(self.session.scalars(select(KnownRole.name)))

    def remember_role(self, name: str) -> None:
        if self.session.get(KnownRole, name) is None:
            self.session.add(KnownRole(name=name))

    def forget_role(self, name: str) -> None:
        role = self.session.get(KnownRole, name)
        if role is not None:
            self.session.delete(role)
