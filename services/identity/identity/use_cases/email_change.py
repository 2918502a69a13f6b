"""Changing a login e-mail: asked for by staff or by the member, confirmed by a link to the new
address (one-time token, hashed at rest, use_cases/one_time.py).

Nothing changes until the link is used: a mistyped address never locks anyone out, and the new
address proves it is reachable. Confirming changes the e-mail (and the username, when the
username is the old e-mail: domain/emails.py) and nothing else: sessions and passwords stay.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from identity import events
from identity.domain import authority, emails, passwords, roles
from identity.domain.actor import Actor
from identity.models import User
from identity.models.account import INACTIVE
from identity.repository.account import UserRepository
from identity.repository.role import RoleRepository
from identity.use_cases import audit, one_time, throttle
from identity.use_cases.accounts import UserNotFound
from identity.use_cases.password_changes import WrongPassword

REQUESTED, CHANGED = "email.change_requested", "email.changed"


class EmailTaken(ValueError):
    field = "email"

    def __init__(self, email: str):
        super().__init__(
            f"the e-mail {email!r} belongs to another account"
            if email
            else "the new e-mail belongs to another account"
        )


class SameEmail(ValueError):
    field = "email"

    def __init__(self):
        super().__init__("this is the account's login e-mail already")


class CannotChangeEmail(ValueError):
    field = "email"

    def __init__(self):
        super().__init__("a deactivated account's login e-mail cannot be changed; reactivate it")


class WrongCurrentPassword(WrongPassword):
    field = "password"


def request_for(db: Database, settings, actor: Actor, user_id: str, new_email: str) -> User:
    """Staff: only for an account whose every permission they hold (an owner's: owners only),
    since whoever controls the login e-mail can reset the password and take the account."""
    with db.transaction() as session:
        users = UserRepository(session)
        user = users.get(user_id, lock=True)
        if user is None:
            raise UserNotFound(user_id)
        authority.ensure_may_change_account(actor, user)
        # Every assignment counts, also one that starts later: it is the account being taken.
        held = roles.permissions_of(user.role_names, RoleRepository(session).permission_map())
        authority.ensure_may_take_over(actor, held)
        _request(session, settings, actor, user, new_email)
        return user


def request_own(db: Database, settings, actor: Actor, password: str, new_email: str) -> None:
    """The member's own change: their current password first (throttled like a login)."""
    with db.transaction() as session:
        user = UserRepository(session).get(actor.user_id or "", lock=True)
        if user is None or user.status == INACTIVE:
            raise WrongCurrentPassword()
        keys = throttle.keys(user.username, actor.client_address)
        throttle.check(session, settings, keys, spare_fresh_addresses=False)
        right = passwords.verify(user.password_hash, password)
        if right:
            _request(session, settings, actor, user, new_email)
        else:
            audit.record(session, "email.change_refused", actor, user.id)
            throttle.record_failure(session, settings, keys)
    if not right:  # raised after the commit, so the refusal stays in the audit log
        raise WrongCurrentPassword()


def confirm(db: Database, actor: Actor, token: str) -> User:
    """The link's token applies the change; a used, expired or withdrawn one is 400."""
    try:
        return _confirm(db, actor, token)
    except IntegrityError as exc:  # another account took the username meanwhile
        raise EmailTaken("") from exc


def _confirm(db: Database, actor: Actor, token: str) -> User:
    with db.transaction() as session:
        stored = one_time.consume(session, token, one_time.EMAIL_CHANGE)
        users = UserRepository(session)
        user = users.get(stored.user_id, lock=True)
        if user is None or user.status == INACTIVE or not stored.new_email:
            raise one_time.InvalidToken()
        previous_username, previous_email = user.username, user.email
        username = emails.username_after_change(user.username, user.email, stored.new_email)
        _ensure_free(users, user, stored.new_email, username)
        user.email, user.username = stored.new_email, username
        audit.record(
            session,
            CHANGED,
            actor,
            user.id,
            username_changed=username != previous_username,
            had_email=bool(previous_email),
        )
        events.outbox.event(
            session,
            events.EMAIL_CHANGED,
            {
                "user_id": user.id,
                "person_id": user.person_id,
                "username": user.username,
                "previous_username": previous_username,
            },
        )
        return user


def _request(session: Session, settings, actor: Actor, user: User, new_email: str) -> None:
    if user.status == INACTIVE:
        raise CannotChangeEmail()
    if emails.same(user.email, new_email):
        raise SameEmail()
    username = emails.username_after_change(user.username, user.email, new_email)
    _ensure_free(UserRepository(session), user, new_email, username)
    link, expires_at = one_time.issue(
        session,
        settings,
        user,
        one_time.EMAIL_CHANGE,
        timedelta(hours=settings.email_change_hours),
        new_email=new_email,
    )
    events.outbox.event(
        session,
        events.EMAIL_CHANGE_REQUESTED,
        {
            "user_id": user.id,
            "person_id": user.person_id,
            "username": user.username,
            "email": new_email,
            "link": link,
            "expires_at": expires_at.isoformat(),
        },
    )
    # Never the address itself in the audit: who asked, for whom, when.
    audit.record(session, REQUESTED, actor, user.id, own=actor.user_id == user.id)


def _ensure_free(users: UserRepository, user: User, email: str, username: str) -> None:
    """Another account's e-mail or username may not become this one's (logins and resets take
    either)."""
    for other in (users.by_username_or_email(email), users.by_username(username)):
        if other is not None and other.id != user.id:
            raise EmailTaken(email)
