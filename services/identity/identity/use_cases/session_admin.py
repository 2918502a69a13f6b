"""Use cases for a user's sessions: list the live ones, revoke one or all (self or staff)."""

from __future__ import annotations

from foyer_shared.db import Database, utcnow
from identity import events
from identity.domain import authority
from identity.domain.actor import Actor
from identity.models import LoginSession
from identity.repository.account import UserRepository
from identity.repository.tokens import LoginSessionRepository, RefreshTokenRepository
from identity.use_cases import audit

MANAGE = "identity.sessions.manage"


class NotYourSessions(PermissionError):
    def __init__(self):
        super().__init__(f"only the user themself or someone with {MANAGE!r} may do this")


class SessionNotFound(LookupError):
    pass


def list_active(db: Database, actor: Actor, user_id: str) -> list[LoginSession]:
    _allowed(actor, user_id)
    now = utcnow()
    with db.read_only() as session:
        return LoginSessionRepository(session).live_of_user(user_id, now)


def revoke(db: Database, actor: Actor, user_id: str, session_id: str | None) -> None:
    """One session, or every session of the user when session_id is None."""
    _allowed(actor, user_id)
    with db.transaction() as session:
        user = UserRepository(session).get(user_id)
        if user is not None and actor.user_id != user_id:
            authority.ensure_may_change_account(actor, user)  # only an owner ends an owner's
        tokens = RefreshTokenRepository(session)
        if session_id is None:
            tokens.revoke_user(user_id)
        else:
            found = LoginSessionRepository(session).get(session_id)
            if found is None or found.user_id != user_id:
                raise SessionNotFound(session_id)
            tokens.revoke_family(session_id)
        audit.record(session, audit.SESSION_REVOKED, actor, user_id, session_id=session_id)
        events.session_revoked(session, user_id, session_id)


def _allowed(actor: Actor, user_id: str) -> None:
    if actor.user_id != user_id and not actor.holds(MANAGE):
        raise NotYourSessions()
