"""Writing and reading the audit log. Entries are written in the use case's own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from foyer_shared.db import Database
from identity.domain.actor import Actor
from identity.models import AuditEntry
from identity.repository.audit import AuditRepository

# Kinds, so the filter has a documented vocabulary.
LOGIN, LOGIN_FAILED, LOCKED = "login.succeeded", "login.failed", "login.locked"
PASSWORD_CHANGED, PASSWORD_RESET = "password.changed", "password.reset"
ROLE_CREATED, ROLE_UPDATED, ROLE_DELETED = "role.created", "role.updated", "role.deleted"
ROLES_CHANGED = "user.roles_changed"
USER_CREATED, ACTIVATED = "user.created", "user.activated"
DEACTIVATED, REACTIVATED, DELETED = "user.deactivated", "user.reactivated", "user.deleted"
ANONYMISED, MERGED = "user.anonymised", "user.person_moved"
SESSION_REVOKED, IMPERSONATION = "session.revoked", "impersonation.started"
KEYS_ROTATED = "keys.rotated"


def record(
    session: Session, kind: str, actor: Actor, subject_user_id: str | None = None, **details
) -> None:
    """Never pass a secret in `details`: ids, names and counts only."""
    AuditRepository(session).add(
        AuditEntry(
            kind=kind,
            actor_user_id=actor.user_id,
            subject_user_id=subject_user_id,
            client_address=actor.client_address,
            request_id=actor.request_id,
            details=details,
        )
    )


def search(
    db: Database,
    *,
    user_id: str | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: int = 1,
    page_size: int = 50,
) -> tuple[list[AuditEntry], int]:
    """Newest first; (one page of entries, total count)."""
    with db.read_only() as session:
        return AuditRepository(session).search(user_id, kind, since, until, page, page_size)
