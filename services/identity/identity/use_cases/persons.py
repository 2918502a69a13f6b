"""What identity does to accounts when the registry merges or erases their person.

handlers.py calls these in the consumer's transaction (beside its processed-message row), so they
take that session rather than open their own. Idempotent by nature: a redelivery finds nothing
left to move or erase.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity import events
from identity.domain.actor import SYSTEM
from identity.models.account import INACTIVE
from identity.repository.account import UserRepository
from identity.use_cases import audit
from identity.use_cases.assignments import ensure_an_owner_remains
from identity.use_cases.lifecycle import end_everything

log = logging.getLogger(__name__)


def move_accounts(session: Session, kept: str, removed: str) -> None:
    """The removed person's account now belongs to the kept person."""
    users = UserRepository(session)
    moving = users.by_person(removed)
    if not moving:
        return  # no account, or already moved (a redelivery)
    if users.by_person(kept):
        # The registry refuses such merges; if one slips through, never give a person two
        # accounts: leave both as they are and tell the operator.
        log.error(
            "merge of two persons with accounts left unchanged",
            extra={"kept_id": kept, "removed_id": removed},
        )
        for user in moving:
            audit.record(
                session,
                "user.person_move_refused",
                SYSTEM,
                user.id,
                kept_id=kept,
                removed_id=removed,
            )
        return
    for user in moving:
        user.person_id = kept
        audit.record(session, audit.MERGED, SYSTEM, user.id, kept_id=kept, removed_id=removed)
    events.outbox.events(
        session,
        events.USER_PERSON_CHANGED,
        [{"user_id": user.id, "person_id": kept, "previous_person_id": removed} for user in moving],
    )


def erase_accounts(session: Session, person_ids: list[str]) -> None:
    """Erase the accounts' personal data to tombstones; the audit log keeps the ids."""
    users = UserRepository(session)
    owners_before = users.lock_owners()
    for user in users.by_persons(person_ids):
        was_active = user.status != INACTIVE
        user.username = f"deleted-{user.id}"
        user.email = user.password_hash = user.person_id = None
        user.status, user.anonymised_at = INACTIVE, utcnow()
        had_roles = bool(user.roles)
        user.roles = []
        end_everything(session, user)
        session.flush()
        # Raising sends the message to retry and then to the parked queue for an operator.
        ensure_an_owner_remains(users, owners_before)
        audit.record(session, audit.ANONYMISED, SYSTEM, user.id)
        if was_active:
            events.user_event(session, events.USER_DEACTIVATED, user)
        if had_roles:
            events.roles_changed(session, user)
