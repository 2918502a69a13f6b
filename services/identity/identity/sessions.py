"""Use cases for sessions: log in, rotate a refresh token, log out, publish the verifying keys."""

from __future__ import annotations

import logging
from datetime import timedelta

from foyer_shared.db import Database, new_id, utcnow
from identity import passwords, tokens
from identity.models import LoginSession, RefreshToken, User
from identity.models.account import ACTIVE
from identity.repository import RefreshTokenRepository, UserRepository
from identity.settings import Settings

log = logging.getLogger(__name__)


class LoginFailed(Exception):
    """One message for every reason, so it never tells whether an account exists."""

    def __init__(self):
        super().__init__("wrong username or password")


class RefreshRefused(Exception):
    def __init__(self, reason: str = "the refresh token is not valid; log in again"):
        super().__init__(reason)


def login(db: Database, settings: Settings, username: str, password: str) -> dict:
    with db.transaction() as session:
        user = UserRepository(session).by_username(username)
        valid = passwords.verify(user.password_hash if user else None, password)
        if not valid or user is None or user.status != ACTIVE:
            log.info("login failed", extra={"username": username[:150]})
            raise LoginFailed()
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        return issue_pair(session, settings, user, family_id=new_id())


def refresh(db: Database, settings: Settings, refresh_token: str) -> dict:
    with db.transaction() as session:
        stored = RefreshTokenRepository(session).by_hash(tokens.hash_refresh_token(refresh_token))
        if stored is None or stored.revoked_at is not None or stored.expires_at <= utcnow():
            raise RefreshRefused()
        if stored.used_at is not None:
            # A spent token came back: someone holds a copy. End the whole session.
            RefreshTokenRepository(session).revoke_family(stored.family_id)
            log.warning("refresh token reuse; session revoked", extra={"user_id": stored.user_id})
            reuse_detected = True
        else:
            reuse_detected = False
            stored.used_at = utcnow()
            user = UserRepository(session).get(stored.user_id)
            if user is None or user.status != ACTIVE:
                raise RefreshRefused()
            pair = issue_pair(session, settings, user, family_id=stored.family_id)
    if reuse_detected:  # raised after the commit, so the revocation sticks
        raise RefreshRefused("this refresh token was already used; the session has been ended")
    return pair


def logout(db: Database, refresh_token: str) -> None:
    with db.transaction() as session:
        repository = RefreshTokenRepository(session)
        stored = repository.by_hash(tokens.hash_refresh_token(refresh_token))
        if stored is not None:
            repository.revoke_family(stored.family_id)


def public_keys(db: Database, settings: Settings) -> dict:
    """The JWKS; makes the first signing key if migrate has not, so it is never empty."""
    with db.transaction() as session:
        tokens.current_key(session)
        return tokens.public_jwks(session, settings)


def issue_pair(session, settings: Settings, user: User, family_id: str) -> dict:
    token, token_hash = tokens.new_refresh_token()
    expires_at = utcnow() + timedelta(days=settings.refresh_token_days)
    RefreshTokenRepository(session).add(RefreshToken(
        user_id=user.id, token_hash=token_hash, family_id=family_id, expires_at=expires_at,
    ))
    login = session.get(LoginSession, family_id)
    if login is None:
        session.add(LoginSession(id=family_id, user_id=user.id, expires_at=expires_at))
    else:
        login.expires_at, login.last_used_at = expires_at, utcnow()
    return {
        "access_token": tokens.issue_access_token(session, settings, user, family_id),
        "token_type": "Bearer",
        "expires_in": settings.access_token_minutes * 60,
        "refresh_token": token,
    }
