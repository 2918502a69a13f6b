"""Accounts and their role assignments, session-bound; never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from foyer_shared.bulk import matching
from foyer_shared.db import utcnow
from identity.models import (
    LoginSession,
    OneTimeToken,
    PersonContact,
    RefreshToken,
    User,
    UserRole,
)
from identity.models.account import ACTIVE


class UserRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, user: User) -> None:
        self.session.add(user)

    def get(self, user_id: str, lock: bool = False) -> User | None:
        return self.session.get(User, user_id, with_for_update=lock or None)

    def delete(self, user: User) -> None:
        """The account with its refresh tokens, sessions and links; audit entries stay."""
        for table in (RefreshToken, LoginSession, OneTimeToken):
            self.session.execute(delete(table).where(table.user_id == user.id))
        self.session.delete(user)

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
                select(User)
                .where(matching(self.session, User.person_id, person_ids))
                .order_by(User.id)
            )
        )

    def search(
        self, username, person_id, status, page: int, page_size: int, email_mismatch=None, ids=None
    ):
        query = select(User)
        if ids:
            query = query.where(User.id.in_(ids))
        if email_mismatch is not None:
            query = _by_mismatch(query, email_mismatch)
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

    def with_boundary_between(self, since: datetime, until: datetime) -> list[User]:
        """Users with an assignment that starts or ends in (since, until]."""
        crossed = or_(
            (UserRole.valid_from > since) & (UserRole.valid_from <= until),
            (UserRole.valid_until > since) & (UserRole.valid_until <= until),
        )
        return list(
            self.session.scalars(
                select(User).where(User.id.in_(select(UserRole.user_id).where(crossed)))
            ).all()
        )

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

    def listing(self) -> list[tuple[Row, list[str]]]:
        """Every account's id, person_id, username and status with its role names, by id: two
        queries, none per account (identity.send_accounts lists tens of thousands)."""
        names: dict[str, list[str]] = {}
        for user_id, role in self.session.execute(select(UserRole.user_id, UserRole.role)):
            names.setdefault(user_id, []).append(role)
        columns = select(User.id, User.person_id, User.username, User.status).order_by(User.id)
        return [(row, sorted(names.get(row.id, ()))) for row in self.session.execute(columns)]


def _by_mismatch(query, wanted: bool):
    """The rule of domain/emails.py `mismatch`, in SQL: both known and different, case ignored."""
    differs = (
        select(PersonContact.person_id)
        .where(
            PersonContact.person_id == User.person_id,
            PersonContact.email.is_not(None),
            PersonContact.email != "",
            func.lower(PersonContact.email) != func.lower(User.email),
        )
        .exists()
    )
    known = User.email.is_not(None) & (User.email != "")
    return query.where(known & differs) if wanted else query.where(~(known & differs))
