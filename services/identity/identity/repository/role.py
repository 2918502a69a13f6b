"""Custom roles, session-bound; never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from identity.models import Role


class RoleRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, role: Role) -> None:
        self.session.add(role)

    def get(self, role_id: str) -> Role | None:
        return self.session.get(Role, role_id)

    def delete(self, role: Role) -> None:
        self.session.delete(role)

    def by_name(self, name: str) -> Role | None:
        return self.session.scalars(select(Role).where(Role.name == name)).first()

    def all(self) -> list[Role]:
        return list(self.session.scalars(select(Role).order_by(Role.name)))

    def permission_map(self) -> dict[str, list[str]]:
        return {role.name: list(role.permissions) for role in self.all()}
