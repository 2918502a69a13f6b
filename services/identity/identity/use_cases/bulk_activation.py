"""The command identity.request_activations: activation links for many accounts at once.

notify sends it for a bulk activation after an import (docs/notify.md → Bulk activation): the
accounts the import created. Each pending account with an e-mail gets a new link (an older one
stops working, as with POST /users/{id}/activation) and identity.user.activation_requested
carrying the bulk's id, which notify mails; the rest are skipped with the reason. One answer,
identity.activations.issued, counts both. All in the consumer's transaction: a redelivered
command is stopped by the inbox, so no account gets two links from one request.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from identity import events
from identity.domain.actor import Actor
from identity.models import User
from identity.models.account import PENDING
from identity.use_cases import accounts, audit

REQUEST_ACTIVATIONS = "identity.request_activations"


def command_handlers(settings) -> dict:
    """The handler needs the settings (public URL and lifetime of the links)."""

    def on_request_activations(session: Session, envelope: Envelope) -> None:
        request_activations(session, settings, envelope.data)

    return {REQUEST_ACTIVATIONS: on_request_activations}


def request_activations(session: Session, settings, data: dict) -> None:
    bulk_id = data["bulk_id"]
    actor = Actor(user_id=data.get("requested_by"))
    requested, skipped = [], []
    for user_id in data["user_ids"]:
        user = session.get(User, user_id)
        reason = _why_not(user)
        if reason:
            skipped.append({"user_id": user_id, "reason": reason})
            continue
        requested.append(accounts.activation(session, settings, user, bulk_id=bulk_id))
        audit.record(session, "user.activation_resent", actor, user.id, bulk_id=bulk_id)
    # One multi-row INSERT for the whole bulk (it may name hundreds of accounts).
    events.outbox.events(session, events.ACTIVATION_REQUESTED, requested)
    events.outbox.event(
        session,
        events.ACTIVATIONS_ISSUED,
        {"bulk_id": bulk_id, "issued": len(requested), "skipped": skipped},
    )


def _why_not(user: User | None) -> str | None:
    if user is None:
        return "no such account (deleted)"
    if user.status != PENDING:
        return f"not pending ({user.status})"
    if not user.email:
        return "no e-mail address"
    return None
