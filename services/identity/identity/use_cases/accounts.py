"""Use cases for accounts: create one (or the first owner), find and show them."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from foyer_shared.db import Database, utcnow
from identity import events
from identity.domain import authority, passwords, roles
from identity.domain.actor import Actor
from identity.models import User, UserRole
from identity.models.account import ACTIVE, PENDING
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository
from identity.settings import Settings
from identity.use_cases import audit, one_time

log = logging.getLogger(__name__)


class UserNotFound(LookupError):
    pass


class UsernameTaken(ValueError):
    field = "username"

    def __init__(self, username: str):
        super().__init__(f"the username {username!r} is taken")


class PersonHasAccount(ValueError):
    field = "person_id"

    def __init__(self, person_id: str):
        super().__init__(f"the person {person_id} has an account already")


def create_user(
    db: Database,
    *,
    username: str,
    password: str | None = None,
    email: str | None = None,
    role_names: list[str] = (),
    person_id: str | None = None,
    actor: Actor | None = None,
    settings: Settings | None = None,
) -> User:
    """With a password the account is active; without, it is pending and an activation link
    (valid `settings.activation_hours`) is published for notify to deliver."""
    username = username.strip().lower()
    if password is not None:
        passwords.check_policy(password, username)
    user = User(
        username=username,
        email=email,
        status=ACTIVE if password is not None else PENDING,
        person_id=person_id,
        password_hash=passwords.hash_password(password) if password is not None else None,
        password_changed_at=utcnow() if password is not None else None,
        roles=[
            UserRole(role=name, granted_by=actor and actor.user_id)
            for name in sorted(set(role_names))
        ],
    )
    try:
        with db.transaction() as session:
            add_user(session, user, actor, settings)
    except IntegrityError as exc:  # a concurrent create with the same username
        raise UsernameTaken(username) from exc
    return user


def add_user(session, user: User, actor: Actor | None, settings: Settings | None) -> None:
    """Inside the caller's transaction: checks, the row, its event, its link, its audit entry.
    A pending account without an e-mail gets no link yet (staff resend one once it is known)."""
    _check(session, user, actor)
    UserRepository(session).add(user)
    session.flush()
    events.outbox.event(
        session,
        events.USER_CREATED,
        {
            "user_id": user.id,
            "person_id": user.person_id,
            "username": user.username,
            # Added to the contract's fields so the registry can set its staff flag at once.
            "roles": user.role_names,
            "staff": roles.is_staff(user.role_names),
        },
    )
    if user.status == PENDING and user.email:
        request_activation(session, settings, user)
    audit.record(
        session,
        audit.USER_CREATED,
        actor or Actor(),
        user.id,
        username=user.username,
        roles=user.role_names,
        status=user.status,
    )


def _check(session, user: User, actor: Actor | None) -> None:
    users = UserRepository(session)
    custom = RoleRepository(session).permission_map()
    roles.ensure_known(user.role_names, custom)
    if actor is not None:
        for name in user.role_names:
            authority.ensure_may_grant(actor, name, roles.permissions_of([name], custom))
    if users.by_username(user.username):
        raise UsernameTaken(user.username)
    if user.person_id and users.by_person(user.person_id):
        raise PersonHasAccount(user.person_id)


def request_activation(session, settings: Settings | None, user: User) -> None:
    """A new activation link for the user and identity.user.activation_requested."""
    events.outbox.event(session, events.ACTIVATION_REQUESTED, activation(session, settings, user))


def activation(
    session, settings: Settings | None, user: User, *, bulk_id: str | None = None
) -> dict:
    """A new activation link for the user; returns the activation_requested event's data
    (with the bulk's id when it is one of a bulk activation's, use_cases/bulk_activation.py)."""
    settings = settings or Settings()
    link, expires_at = one_time.issue(
        session, settings, user, one_time.ACTIVATION, timedelta(hours=settings.activation_hours)
    )
    payload = {
        "user_id": user.id,
        "person_id": user.person_id,
        "username": user.username,
        "email": user.email,
        "link": link,
        "expires_at": expires_at.isoformat(),
    }
    if bulk_id is not None:
        payload["bulk_id"] = bulk_id
    return payload


def bootstrap_owner(db: Database, settings: Settings) -> User | None:
    """Create the first owner from settings unless someone already holds the owner role."""
    with db.read_only() as session:
        if UserRepository(session).someone_holds("owner"):
            return None
    if not settings.owner_password:
        log.warning("no owner yet and FOYER_OWNER_PASSWORD is not set; nobody can log in")
        return None
    user = create_user(
        db,
        username=settings.owner_username,
        password=settings.owner_password,
        email=settings.owner_email,
        role_names=["owner"],
    )
    log.info("owner account created", extra={"user_id": user.id, "username": user.username})
    return user


def get_user(db: Database, user_id: str) -> User:
    with db.read_only() as session:
        user = UserRepository(session).get(user_id)
    if user is None:
        raise UserNotFound(user_id)
    return user


def find_users(
    db: Database,
    *,
    username: str | None = None,
    person_id: str | None = None,
    status: str | None = None,
    email_mismatch: bool | None = None,
    ids: list[str] | None = None,
    page: int = 1,
    page_size: int = 50,
):
    """(one page of accounts ordered by username, total count). `email_mismatch` True: only
    accounts whose login e-mail differs from their card's; False: only the others. `ids`: only
    those accounts."""
    with db.read_only() as session:
        return UserRepository(session).search(
            username, person_id, status, page, page_size, email_mismatch=email_mismatch, ids=ids
        )
