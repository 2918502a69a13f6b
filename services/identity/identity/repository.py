"""Session-bound access to accounts, roles and tokens; never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.models import LoginSession, RefreshToken, Role, User, UserRole
from identity.models.account import ACTIVE


class UserRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, user: User) -> None:
        self.session.add(user)

    def get(self, user_id: str, lock: bool = False) -> User | None:
        return self.session.get(User, user_id, with_for_update=lock or None)

    def by_username(self, username: str) -> User | None:
        return self.session.scalars(
            select(User).where(User.username == username.strip().lower())
        ).first()

    def by_username_or_email(self, value: str) -> User | None:
        value = value.strip().lower()
        return self.session.scalars(
            select(User)
            .where((User.username == value) | (func.lower(User.email) == value))
            .order_by(User.created_at)
        ).first()

    def by_person(self, person_id: str) -> list[User]:
        return self.by_persons([person_id])

    def by_persons(self, person_ids: list[str]) -> list[User]:
        return list(
            self.session.scalars(
                select(User).where(User.person_id.in_(person_ids)).order_by(User.id)
            )
        )

    def search(self, username, person_id, status, page: int, page_size: int):
        query = select(User)
        if username:  # a prefix, as typed into a search box
            query = query.where(User.username.startswith(username.strip().lower(), autoescape=True))
        if person_id:
            query = query.where(User.person_id == person_id)
        if status:
            query = query.where(User.status == status)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        found = self.session.scalars(
            query.order_by(User.username).offset((page - 1) * page_size).limit(page_size)
        ).all()
        return list(found), total

    def someone_holds(self, role: str) -> bool:
        return bool(self.session.scalar(select(exists().where(UserRole.role == role))))

    def holders(self, role: str) -> list[User]:
        return list(self.session.scalars(select(User).join(UserRole).where(UserRole.role == role)))

    def lock_owners(self) -> int:
        """Serialises changes that could remove the last owner; returns the standing owners."""
        self.session.execute(
            # Always in one order, so two such changes wait for each other, never deadlock.
            select(UserRole.user_id)
            .where(UserRole.role == "owner")
            .order_by(UserRole.user_id)
            .with_for_update()
        ).all()
        return self.standing_owners(utcnow())

    def standing_owners(self, at: datetime) -> int:
        """Active accounts whose owner role is in force now and has no end date."""
        return (
            self.session.scalar(
                select(func.count())
                .select_from(UserRole)
                .join(User)
                .where(
                    UserRole.role == "owner",
                    User.status == ACTIVE,
                    UserRole.valid_until.is_(None),
                    UserRole.valid_from.is_(None) | (UserRole.valid_from <= at),
                )
            )
            or 0
        )

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(User)) or 0


class RoleRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, role: Role) -> None:
        self.session.add(role)

    def get(self, role_id: str) -> Role | None:
        return self.session.get(Role, role_id)

    def by_name(self, name: str) -> Role | None:
        return self.session.scalars(select(Role).where(Role.name == name)).first()

    def all(self) -> list[Role]:
        return list(self.session.scalars(select(Role).order_by(Role.name)))

    def permission_map(self) -> dict[str, list[str]]:
        return {role.name: list(role.permissions) for role in self.all()}


class RefreshTokenRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, token: RefreshToken) -> None:
        self.session.add(token)

    def by_hash(self, token_hash: str) -> RefreshToken | None:
        return self.session.scalars(
            select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
        ).first()

    def revoke_family(self, family_id: str) -> None:
        now = utcnow()
        self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        self.session.execute(
            update(LoginSession)
            .where(LoginSession.id == family_id, LoginSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def revoke_user(self, user_id: str) -> None:
        """Ends every session of the user: refresh tokens and session rows alike."""
        now = utcnow()
        self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        self.session.execute(
            update(LoginSession)
            .where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
