"""Use cases for passwords: reset by e-mailed link (1 h, single use), change one's own."""

from __future__ import annotations

import logging
from datetime import timedelta

from foyer_shared.db import Database, new_id, utcnow
from identity import events
from identity.domain import passwords
from identity.domain.actor import Actor
from identity.models import User
from identity.models.account import ACTIVE
from identity.repository.account import UserRepository
from identity.use_cases import audit, one_time, sessions, throttle
from identity.use_cases.lifecycle import end_everything

log = logging.getLogger(__name__)


class WrongPassword(ValueError):
    field = "old_password"

    def __init__(self):
        super().__init__("the current password is not right")


def request_reset(db: Database, settings, actor: Actor, username_or_email: str) -> None:
    """Publishes a link when an active account matches; the caller learns nothing either way."""
    with db.transaction() as session:
        user = UserRepository(session).by_username_or_email(username_or_email)
        if user is None or user.status != ACTIVE or not user.email:
            log.info("password reset asked for no usable account")
            return
        link, expires_at = one_time.issue(
            session,
            settings,
            user,
            one_time.PASSWORD_RESET,
            timedelta(minutes=settings.password_reset_minutes),
        )
        events.outbox.event(
            session,
            events.PASSWORD_RESET_REQUESTED,
            {
                "user_id": user.id,
                "email": user.email,
                "link": link,
                "expires_at": expires_at.isoformat(),
            },
        )
        audit.record(session, "password.reset_requested", actor, user.id)


def confirm_reset(db: Database, actor: Actor, token: str, password: str) -> None:
    """Sets the new password and ends every session (whoever knew the old one is out)."""
    with db.transaction() as session:
        stored = one_time.consume(session, token, one_time.PASSWORD_RESET)
        user = UserRepository(session).get(stored.user_id, lock=True)
        if user is None or user.status != ACTIVE:
            raise one_time.InvalidToken()
        _set(session, user, password)
        audit.record(session, audit.PASSWORD_RESET, actor, user.id)


def change_own(db: Database, settings, actor: Actor, old_password: str, new_password: str) -> dict:
    """Needs the current password; ends every session and answers with a fresh token pair."""
    with db.transaction() as session:
        user = UserRepository(session).get(actor.user_id or "", lock=True)
        if user is None or user.status != ACTIVE:
            raise WrongPassword()
        # Guessing the old password counts as failed logins: a stolen session cannot brute-force it.
        # The account's delay applies even from an address without failures: the caller is
        # signed in already, so there is no lock-out to spare them from.
        keys = throttle.keys(user.username, actor.client_address)
        throttle.check(session, settings, keys, spare_fresh_addresses=False)
        if not passwords.verify(user.password_hash, old_password):
            audit.record(session, "password.change_refused", actor, user.id)
            throttle.record_failure(session, settings, keys)
            failed = True
        else:
            failed = False
            try:
                _set(session, user, new_password)
            except passwords.WeakPassword as exc:
                exc.field = "new_password"
                raise
            audit.record(session, audit.PASSWORD_CHANGED, actor, user.id)
            pair = sessions.issue_pair(session, settings, user, family_id=new_id())
    if failed:  # raised after the commit, so the refusal stays in the audit log
        raise WrongPassword()
    return pair


def _set(session, user: User, password: str) -> None:
    passwords.check_policy(password, user.username)
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    end_everything(session, user)
