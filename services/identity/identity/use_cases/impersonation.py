"""Use case: staff act as a user for support, with a short token that names who is acting."""

from __future__ import annotations

from datetime import timedelta

from foyer_shared.db import Database, new_id, utcnow
from identity.domain import authority, roles
from identity.domain.actor import Actor
from identity.models import LoginSession
from identity.models.account import ACTIVE
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository
from identity.repository.tokens import LoginSessionRepository
from identity.settings import Settings
from identity.use_cases import audit, keys
from identity.use_cases.accounts import UserNotFound


class CannotImpersonate(PermissionError):
    pass


def start(db: Database, settings: Settings, actor: Actor, user_id: str, reason: str) -> dict:
    """A 30-minute access token for `user_id` carrying `act: {sub: staff id}`; no refresh."""
    if not actor.user_id or actor.user_id == user_id:
        raise CannotImpersonate("impersonation needs a signed-in staff member and another user")
    minutes = settings.impersonation_minutes
    with db.transaction() as session:
        user = UserRepository(session).get(user_id)
        if user is None:
            raise UserNotFound(user_id)
        if user.status != ACTIVE:
            raise CannotImpersonate("only an active account can be impersonated")
        held = roles.permissions_of(
            user.effective_role_names(utcnow()), RoleRepository(session).permission_map()
        )
        authority.ensure_may_act_as(actor, held)
        sid = new_id()
        expires_at = utcnow() + timedelta(minutes=minutes)
        LoginSessionRepository(session).add(
            LoginSession(
                id=sid,
                user_id=user.id,
                expires_at=expires_at,
                impersonator_id=actor.user_id,
                client_address=actor.client_address,
                user_agent=actor.user_agent,
            )
        )
        audit.record(
            session,
            audit.IMPERSONATION,
            actor,
            user.id,
            session_id=sid,
            reason=reason,
            expires_at=expires_at.isoformat(),
        )
        token = keys.issue_access_token(
            session, settings, user, sid, act=actor.user_id, minutes=minutes
        )
    return {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": minutes * 60,
        "session_id": sid,
    }
