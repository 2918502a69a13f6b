"""Use case for the gateway: a user's effective access, which it caches and decides by."""

from __future__ import annotations

from foyer_shared.db import Database, utcnow
from identity.domain import roles
from identity.models.account import ACTIVE
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository
from identity.repository.tokens import LoginSessionRepository
from identity.use_cases.accounts import UserNotFound


def effective_access(db: Database, user_id: str, session_id: str | None = None) -> dict:
    """What the gateway needs to decide: status, roles in force and their permissions' union."""
    now = utcnow()
    with db.read_only() as session:
        user = UserRepository(session).get(user_id)
        if user is None:
            raise UserNotFound(user_id)
        custom = RoleRepository(session).permission_map()
        login = LoginSessionRepository(session).get(session_id) if session_id else None
    active = user.status == ACTIVE
    in_force = user.effective_role_names(now)
    permissions = roles.permissions_of(in_force, custom)
    return {
        "user_id": user.id,
        "username": user.username,
        "person_id": user.person_id,
        "status": user.status,
        "roles": in_force,
        "permissions": sorted({*permissions, roles.OWN_ACCOUNT}) if active else [],
        # None when the caller named no session (tokens from before sessions had ids).
        "session_active": None
        if not session_id
        else bool(login and login.user_id == user.id and login.active(now)),
    }
