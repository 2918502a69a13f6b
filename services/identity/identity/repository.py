"""Session-bound access to accounts and refresh tokens; never commits."""

from __future__ import annotations

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.models import RefreshToken, User, UserRole


class UserRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, user: User) -> None:
        self.session.add(user)

    def get(self, user_id: str) -> User | None:
        return self.session.get(User, user_id)

    def by_username(self, username: str) -> User | None:
        return self.session.scalars(
            select(User).where(User.username == username.strip().lower())
        ).first()

    def someone_holds(self, role: str) -> bool:
        return bool(self.session.scalar(select(exists().where(UserRole.role == role))))

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(User)) or 0


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
        self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
