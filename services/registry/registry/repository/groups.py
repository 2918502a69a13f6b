"""Groups and who is in them (members and leaders), in one session."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.models import Group, GroupMembership, Person


class Groups:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def get(self, group_id: str) -> Group | None:
        return self._session.get(Group, group_id)

    def listed(self, only: list[str] | None = None) -> list[Group]:
        """Every group by name, or only those with the ids in `only`."""
        query = select(Group).order_by(Group.name)
        if only is not None:
            query = query.where(Group.id.in_(only))
        return list(self._session.scalars(query))

    def add(self, group: Group) -> None:
        self._session.add(group)

    def delete(self, group: Group) -> None:
        self._session.delete(group)

    def membership(self, group_id: str, person_id: str, role: str) -> GroupMembership | None:
        return self._session.get(GroupMembership, (group_id, person_id, role))

    def add_membership(self, group_id: str, person_id: str, role: str) -> None:
        self._session.add(GroupMembership(group_id=group_id, person_id=person_id, role=role))

    def remove_membership(self, membership: GroupMembership) -> None:
        self._session.delete(membership)

    def member_ids(self, group_id: str) -> list[str]:
        """Everyone in the group, members and leaders, once each."""
        return list(
            self._session.scalars(
                select(GroupMembership.person_id)
                .where(GroupMembership.group_id == group_id)
                .distinct()
            )
        )

    def roster_page(
        self, group_id: str, role: str, offset: int, limit: int
    ) -> tuple[list[Person], int]:
        """A page of the group's persons with `role`, by name, and how many there are."""
        in_role = (GroupMembership.group_id == group_id, GroupMembership.role == role)
        total = self._session.scalar(
            select(func.count()).select_from(GroupMembership).where(*in_role)
        )
        page = (
            select(Person)
            .join(GroupMembership, GroupMembership.person_id == Person.id)
            .where(*in_role)
            .order_by(Person.sort_name, Person.id)
            .offset(offset)
            .limit(limit)
        )
        return list(self._session.scalars(page)), total

    def persons_in(
        self, group_ids: list[str], role: str, among: list[str] | None = None
    ) -> set[str]:
        """Ids of the persons with `role` in any of the groups (of `among` alone, if given)."""
        query = (
            select(GroupMembership.person_id)
            .where(GroupMembership.group_id.in_(group_ids))
            .where(GroupMembership.role == role)
        )
        if among is not None:
            query = query.where(GroupMembership.person_id.in_(among))
        return set(self._session.scalars(query))

    def of_person(self, person_id: str, role: str | None = None) -> list[str]:
        """Ids of the groups the person is in (with `role`, or in any role), once each."""
        query = select(GroupMembership.group_id).where(GroupMembership.person_id == person_id)
        if role is None:
            query = query.distinct()
        else:
            query = query.where(GroupMembership.role == role)
        return list(self._session.scalars(query))
