"""Signing keys, login sessions, refresh tokens and one-time links, session-bound; never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.models import LoginSession, OneTimeToken, RefreshToken, SigningKey


class SigningKeyRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, key: SigningKey) -> None:
        self.session.add(key)

    def newest_unretired(self) -> SigningKey | None:
        return self.session.scalars(
            select(SigningKey)
            .where(SigningKey.retired_at.is_(None))
            .order_by(SigningKey.created_at.desc())
        ).first()

    def unretired(self) -> list[SigningKey]:
        return list(self.session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))))

    def unretired_or_retired_after(self, cutoff: datetime) -> list[SigningKey]:
        """Oldest first."""
        query = select(SigningKey).where(
            SigningKey.retired_at.is_(None) | (SigningKey.retired_at > cutoff)
        )
        return list(self.session.scalars(query.order_by(SigningKey.created_at)))


class LoginSessionRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, login: LoginSession) -> None:
        self.session.add(login)

    def get(self, session_id: str) -> LoginSession | None:
        return self.session.get(LoginSession, session_id)

    def of_user(self, user_id: str) -> list[LoginSession]:
        """Every session of the user, live or not, oldest first."""
        return list(
            self.session.scalars(
                select(LoginSession)
                .where(LoginSession.user_id == user_id)
                .order_by(LoginSession.created_at)
            )
        )

    def live_of_user(self, user_id: str, at: datetime) -> list[LoginSession]:
        """Neither revoked nor expired at `at`; the most recently used first."""
        return list(
            self.session.scalars(
                select(LoginSession)
                .where(
                    LoginSession.user_id == user_id,
                    LoginSession.revoked_at.is_(None),
                    LoginSession.expires_at > at,
                )
                .order_by(LoginSession.last_used_at.desc())
            ).all()
        )


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
        self._revoke(RefreshToken.family_id == family_id, LoginSession.id == family_id)

    def revoke_user(self, user_id: str) -> None:
        """Ends every session of the user: refresh tokens and session rows alike."""
        self._revoke(RefreshToken.user_id == user_id, LoginSession.user_id == user_id)

    def _revoke(self, tokens, sessions) -> None:
        """The refresh tokens and the session rows chosen, where not revoked already."""
        now = utcnow()
        self.session.execute(
            update(RefreshToken)
            .where(tokens, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        self.session.execute(
            update(LoginSession)
            .where(sessions, LoginSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def delete_expired(self, before: datetime) -> int:
        return self.session.execute(
            delete(RefreshToken).where(RefreshToken.expires_at < before)
        ).rowcount


class OneTimeTokenRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, token: OneTimeToken) -> None:
        self.session.add(token)

    def by_hash(self, token_hash: str, purpose: str) -> OneTimeToken | None:
        """Locked, so two uses of one link cannot both succeed."""
        return self.session.scalars(
            select(OneTimeToken)
            .where(OneTimeToken.token_hash == token_hash, OneTimeToken.purpose == purpose)
            .with_for_update()
        ).first()

    def withdraw(self, user_id: str, purpose: str | None = None) -> None:
        """The user's unused links (of one purpose, or all) count as used from now."""
        query = update(OneTimeToken).where(
            OneTimeToken.user_id == user_id, OneTimeToken.used_at.is_(None)
        )
        if purpose:
            query = query.where(OneTimeToken.purpose == purpose)
        self.session.execute(query.values(used_at=utcnow()))

    def delete_expired(self, before: datetime) -> int:
        return self.session.execute(
            delete(OneTimeToken).where(OneTimeToken.expires_at < before)
        ).rowcount
