"""The events identity publishes: its public contract (see docs/events.md). Never secrets."""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.messaging import Outbox
from identity import roles
from identity.models import User, messaging

USER_CREATED = "identity.user.created"
USER_DEACTIVATED = "identity.user.deactivated"
USER_REACTIVATED = "identity.user.reactivated"
USER_DELETED = "identity.user.deleted"
USER_PERSON_CHANGED = "identity.user.person_changed"
USER_ROLES_CHANGED = "identity.user.roles_changed"
ROLE_CHANGED = "identity.role.changed"
SESSION_REVOKED = "identity.session.revoked"
ACTIVATION_REQUESTED = "identity.user.activation_requested"
PASSWORD_RESET_REQUESTED = "identity.password_reset.requested"
PERSONAL_DATA_EXPORTED = "identity.personal_data.exported"

outbox = Outbox(messaging, source="identity")


def user_event(session: Session, type_: str, user: User) -> None:
    outbox.event(session, type_, {
        "user_id": user.id, "person_id": user.person_id, "username": user.username,
    })


def roles_changed(session: Session, user: User) -> None:
    names = user.role_names
    outbox.event(session, USER_ROLES_CHANGED, {
        "user_id": user.id, "person_id": user.person_id, "roles": names,
        "staff": roles.is_staff(names),
    })


def role_changed(session: Session, role_id: str, name: str, change: str) -> None:
    outbox.event(session, ROLE_CHANGED, {"role_id": role_id, "name": name, "change": change})


def session_revoked(session: Session, user_id: str, session_id: str | None) -> None:
    """session_id None = every session of the user."""
    outbox.event(session, SESSION_REVOKED, {"user_id": user_id, "session_id": session_id})
