"""The command identity.export_personal_data: everything identity holds about a person.

Its handler is here, listed in handlers.py: it runs in the consumer's transaction, so the answer's
outbox row commits with the processed-message row.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from identity import events
from identity.models import User
from identity.repository.account import UserRepository
from identity.repository.audit import AuditRepository
from identity.repository.tokens import LoginSessionRepository

EXPORT_COMMAND = "identity.export_personal_data"


def _iso(value):
    return value.isoformat() if value else None


def _account(session: Session, user: User) -> dict:
    sessions = LoginSessionRepository(session).of_user(user.id)
    return {
        # Never hashes or tokens: the account's facts, its roles, sessions and audit trail.
        "user_id": user.id,
        "username": user.username,
        "email": user.email,
        "status": user.status,
        "created_at": _iso(user.created_at),
        "password_changed_at": _iso(user.password_changed_at),
        "roles": [
            {"role": a.role, "valid_from": _iso(a.valid_from), "valid_until": _iso(a.valid_until)}
            for a in user.roles
        ],
        "sessions": [
            {
                "id": s.id,
                "created_at": _iso(s.created_at),
                "last_used_at": _iso(s.last_used_at),
                "expires_at": _iso(s.expires_at),
                "revoked_at": _iso(s.revoked_at),
                "client_address": s.client_address,
                "user_agent": s.user_agent,
                "impersonator_id": s.impersonator_id,
            }
            for s in sessions
        ],
        "audit": [
            {
                "occurred_at": _iso(e.occurred_at),
                "kind": e.kind,
                "actor_user_id": e.actor_user_id,
                "client_address": e.client_address,
                "details": e.details,
            }
            for e in AuditRepository(session).about(user.id)
        ],
    }


def on_export_requested(session: Session, envelope: Envelope) -> None:
    data = envelope.data
    accounts = [
        _account(session, user) for user in UserRepository(session).by_person(data["person_id"])
    ]
    events.outbox.event(
        session,
        events.PERSONAL_DATA_EXPORTED,
        {
            "export_id": data["export_id"],
            "person_id": data["person_id"],
            "data": {"accounts": accounts},
        },
        correlation_id=envelope.correlation_id,
    )


COMMAND_HANDLERS = {EXPORT_COMMAND: on_export_requested}
