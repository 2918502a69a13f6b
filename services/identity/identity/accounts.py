"""Use cases for accounts: create one, bootstrap the owner, read access for the gateway."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError

from foyer_shared.db import Database, utcnow
from identity import events, passwords, roles
from identity.models import LoginSession, User, UserRole
from identity.models.account import ACTIVE
from identity.repository import RoleRepository, UserRepository
from identity.settings import Settings

log = logging.getLogger(__name__)


class UserNotFound(LookupError):
    pass


class UsernameTaken(ValueError):
    field = "username"

    def __init__(self, username: str):
        super().__init__(f"the username {username!r} is taken")


def create_user(
    db: Database, *, username: str, password: str, email: str | None = None,
    role_names: list[str] = (), person_id: str | None = None,
) -> User:
    username = username.strip().lower()
    passwords.check_policy(password, username)
    user = User(
        username=username, email=email, status=ACTIVE, person_id=person_id,
        password_hash=passwords.hash_password(password),
        roles=[UserRole(role=name) for name in sorted(set(role_names))],
    )
    try:
        with db.transaction() as session:
            users = UserRepository(session)
            roles.ensure_known(role_names, RoleRepository(session).permission_map())
            if users.by_username(username):
                raise UsernameTaken(username)
            users.add(user)
            session.flush()
            events.outbox.event(session, events.USER_CREATED, {
                "user_id": user.id, "person_id": person_id, "username": username,
            })
    except IntegrityError as exc:  # a concurrent create with the same username
        raise UsernameTaken(username) from exc
    return user


def bootstrap_owner(db: Database, settings: Settings) -> User | None:
    """Create the first owner from settings unless someone already holds the owner role."""
    with db.read_only() as session:
        if UserRepository(session).someone_holds("owner"):
            return None
    if not settings.owner_password:
        log.warning("no owner yet and FOYER_OWNER_PASSWORD is not set; nobody can log in")
        return None
    user = create_user(
        db, username=settings.owner_username, password=settings.owner_password,
        email=settings.owner_email, role_names=["owner"],
    )
    log.info("owner account created", extra={"user_id": user.id, "username": user.username})
    return user


def get_user(db: Database, user_id: str) -> User:
    with db.read_only() as session:
        user = UserRepository(session).get(user_id)
    if user is None:
        raise UserNotFound(user_id)
    return user


def effective_access(db: Database, user_id: str, session_id: str | None = None) -> dict:
    """What the gateway needs to decide: status, roles in force and their permissions' union."""
    now = utcnow()
    with db.read_only() as session:
        user = UserRepository(session).get(user_id)
        if user is None:
            raise UserNotFound(user_id)
        custom = RoleRepository(session).permission_map()
        login = session.get(LoginSession, session_id) if session_id else None
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
        "session_active": None if not session_id else bool(
            login and login.user_id == user.id and login.active(now)
        ),
    }
