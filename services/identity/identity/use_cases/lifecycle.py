"""Use cases for an account's life: activate, deactivate, reactivate, delete."""

from __future__ import annotations

from foyer_shared.db import Database, utcnow
from identity import events
from identity.domain import authority, passwords, roles
from identity.domain.actor import Actor
from identity.models import User
from identity.models.account import ACTIVE, INACTIVE, PENDING
from identity.repository.account import UserRepository
from identity.repository.tokens import RefreshTokenRepository
from identity.use_cases import audit, one_time
from identity.use_cases.accounts import UserNotFound, request_activation
from identity.use_cases.assignments import ensure_an_owner_remains


class StaffRolesHeld(Exception):
    def __init__(self, names: list[str]):
        super().__init__(f"remove staff roles first ({', '.join(names)})")


def activate(db: Database, actor: Actor, token: str, password: str) -> User:
    """The activation link's token sets the first password; the account becomes active."""
    with db.transaction() as session:
        stored = one_time.consume(session, token, one_time.ACTIVATION)
        user = UserRepository(session).get(stored.user_id, lock=True)
        if user.status != PENDING:
            raise one_time.InvalidToken()
        passwords.check_policy(password, user.username)
        user.password_hash = passwords.hash_password(password)
        user.status, user.password_changed_at = ACTIVE, utcnow()
        audit.record(session, audit.ACTIVATED, actor, user.id)
        return user


class NotPending(Exception):
    def __init__(self):
        super().__init__("only a pending account gets an activation link")


def resend_activation(db: Database, settings, actor: Actor, user_id: str) -> User:
    """A new 24 h link (the older one stops working), e.g. after the first one expired."""
    with db.transaction() as session:
        user = _get(UserRepository(session), user_id, actor)
        if user.status != PENDING:
            raise NotPending()
        request_activation(session, settings, user)
        audit.record(session, "user.activation_resent", actor, user.id)
        return user


def deactivate(db: Database, actor: Actor, user_id: str) -> User:
    """History stays; the person cannot log in and every session ends now."""
    with db.transaction() as session:
        users = UserRepository(session)
        owners_before = users.lock_owners()
        user = _get(users, user_id, actor)
        if user.status == INACTIVE:
            return user
        user.status = INACTIVE
        end_everything(session, user)
        session.flush()
        ensure_an_owner_remains(users, owners_before)
        audit.record(session, audit.DEACTIVATED, actor, user.id)
        events.user_event(session, events.USER_DEACTIVATED, user)
        return user


def reactivate(db: Database, actor: Actor, user_id: str) -> User:
    """Back to active; an account that never set a password goes back to pending."""
    with db.transaction() as session:
        user = _get(UserRepository(session), user_id, actor)
        if user.status != INACTIVE:
            return user
        user.status = ACTIVE if user.password_hash else PENDING
        audit.record(session, audit.REACTIVATED, actor, user.id, status=user.status)
        events.user_event(session, events.USER_REACTIVATED, user)
        return user


def delete_user(db: Database, actor: Actor, user_id: str) -> None:
    """Refused while staff roles are held; the audit entries about the account stay."""
    with db.transaction() as session:
        users = UserRepository(session)
        user = _get(users, user_id, actor)
        staff = [name for name in user.role_names if roles.is_staff([name])]
        if staff:
            raise StaffRolesHeld(staff)
        events.user_event(session, events.USER_DELETED, user)
        events.session_revoked(session, user.id, None)
        audit.record(session, audit.DELETED, actor, user.id, username=user.username)
        users.delete(user)


def end_everything(session, user: User) -> None:
    """Every session, refresh token and pending link of the user stops working."""
    RefreshTokenRepository(session).revoke_user(user.id)
    one_time.withdraw(session, user.id)
    events.session_revoked(session, user.id, None)


def _get(users: UserRepository, user_id: str, actor: Actor) -> User:
    """The account to change, locked; only an owner may change an owner's."""
    user = users.get(user_id, lock=True)
    if user is None:
        raise UserNotFound(user_id)
    authority.ensure_may_change_account(actor, user)
    return user
