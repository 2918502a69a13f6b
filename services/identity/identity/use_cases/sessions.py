"""Use cases for sessions: log in (throttled, audited), rotate a refresh token, log out, keys."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from foyer_shared.db import Database, new_id, utcnow
from identity import events
from identity.domain import passwords, tokens
from identity.domain.actor import SYSTEM, Actor
from identity.domain.throttle import LoginThrottled
from identity.models import LoginSession, RefreshToken, User
from identity.models.account import ACTIVE
from identity.repository.account import UserRepository
from identity.repository.tokens import LoginSessionRepository, RefreshTokenRepository
from identity.settings import Settings
from identity.use_cases import audit, keys, throttle

log = logging.getLogger(__name__)


class LoginFailed(Exception):
    """One message for every reason, so it never tells whether an account exists."""

    def __init__(self):
        super().__init__("wrong username or password")


class RefreshRefused(Exception):
    def __init__(self, reason: str = "the refresh token is not valid; log in again"):
        super().__init__(reason)


def login(
    db: Database, settings: Settings, username: str, password: str, actor: Actor = SYSTEM
) -> dict:
    keys = throttle.keys(username, actor.client_address)
    try:
        with db.transaction() as session:
            outcome = _attempt(session, settings, username, password, actor, keys)
    except IntegrityError:  # two first failures for one key at once: count this one again
        with db.transaction() as session:
            outcome = _attempt(session, settings, username, password, actor, keys)
    if isinstance(outcome, Exception):  # raised after the commit: counters and audit stay
        raise outcome
    return outcome


def _attempt(session, settings, username, password, actor, keys) -> dict | Exception:
    user = UserRepository(session).by_username(username)
    subject = user.id if user else None
    try:
        throttle.check(session, settings, keys)
    except LoginThrottled as refused:
        audit.record(session, audit.LOCKED, actor, subject, retry_after=refused.retry_after)
        return refused
    valid = passwords.verify(user.password_hash if user else None, password)
    if not valid or user is None or user.status != ACTIVE:
        log.info("login failed", extra={"user_id": subject})
        audit.record(
            session,
            audit.LOGIN_FAILED,
            actor,
            subject,
            reason="status" if valid and user else "credentials",
        )
        for kind in throttle.record_failure(session, settings, keys):
            audit.record(session, audit.LOCKED, actor, subject, key=kind)
        return LoginFailed()
    throttle.forget(session, keys)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    audit.record(session, audit.LOGIN, actor, user.id)
    return issue_pair(session, settings, user, family_id=new_id(), actor=actor)


def refresh(db: Database, settings: Settings, refresh_token: str) -> dict:
    with db.transaction() as session:
        stored = RefreshTokenRepository(session).by_hash(tokens.hash_refresh_token(refresh_token))
        if stored is None or stored.revoked_at is not None or stored.expires_at <= utcnow():
            raise RefreshRefused()
        if stored.used_at is not None:
            # A spent token came back: someone holds a copy. End the whole session.
            RefreshTokenRepository(session).revoke_family(stored.family_id)
            log.warning("refresh token reuse; session revoked", extra={"user_id": stored.user_id})
            events.session_revoked(session, stored.user_id, stored.family_id)
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
            events.session_revoked(session, stored.user_id, stored.family_id)


def public_keys(db: Database, settings: Settings) -> dict:
    """The JWKS; makes the first signing key if migrate has not, so it is never empty."""
    with db.transaction() as session:
        keys.current_key(session, settings)
        return keys.public_jwks(session, settings)


def issue_pair(
    session, settings: Settings, user: User, family_id: str, actor: Actor | None = None
) -> dict:
    token, token_hash = tokens.new_refresh_token()
    expires_at = utcnow() + timedelta(days=settings.refresh_token_days)
    RefreshTokenRepository(session).add(
        RefreshToken(
            user_id=user.id,
            token_hash=token_hash,
            family_id=family_id,
            expires_at=expires_at,
        )
    )
    logins = LoginSessionRepository(session)
    login_session = logins.get(family_id)
    if login_session is None:
        logins.add(
            LoginSession(
                id=family_id,
                user_id=user.id,
                expires_at=expires_at,
                client_address=actor.client_address if actor else None,
                user_agent=actor.user_agent if actor else None,
            )
        )
    else:
        login_session.expires_at, login_session.last_used_at = expires_at, utcnow()
    return {
        "access_token": keys.issue_access_token(session, settings, user, family_id),
        "token_type": "Bearer",
        "expires_in": settings.access_token_minutes * 60,
        "refresh_token": token,
    }
