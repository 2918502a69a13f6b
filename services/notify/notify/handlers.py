"""What notify consumes from the registry: erasure, merges and GDPR export commands.

Each runs in the consumer's transaction, idempotently (the inbox stops redeliveries; the
handlers also tolerate a re-published message).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from notify import events
from notify.models import Message

ERASED_ADDRESS = "(erased)"
PERSON_DELETED = "registry.person.deleted"
PERSONS_DELETED = "registry.persons.deleted"  # many at once: an import undone
PERSON_MERGED = "registry.person.merged"
EXPORT_COMMAND = "notify.export_personal_data"


def on_person_deleted(session: Session, envelope: Envelope) -> None:
    _anonymise(session, [envelope.data["person_id"]])


def on_persons_deleted(session: Session, envelope: Envelope) -> None:
    _anonymise(session, envelope.data["person_ids"])


def _anonymise(session: Session, person_ids: list[str]) -> None:
    """The message rows stay (counts, delivery statistics), the persons' traces go."""
    session.execute(
        update(Message)
        .where(Message.person_id.in_(person_ids))
        .values(person_id=None, to_address=ERASED_ADDRESS, subject=None)
    )


def on_person_merged(session: Session, envelope: Envelope) -> None:
    session.execute(
        update(Message)
        .where(Message.person_id == envelope.data["removed_id"])
        .values(person_id=envelope.data["kept_id"])
    )


def on_export_requested(session: Session, envelope: Envelope) -> None:
    """Answer the registry's export with everything notify holds about the person."""
    person_id = envelope.data["person_id"]
    rows = session.scalars(
        select(Message).where(Message.person_id == person_id).order_by(Message.created_at)
    )
    messages = [
        {
            "id": m.id,
            "channel": m.channel,
            "to_address": m.to_address,
            "subject": m.subject,
            "state": m.state,
            "created_at": m.created_at.isoformat(),
        }
        for m in rows
    ]
    events.outbox.event(
        session,
        events.PERSONAL_DATA_EXPORTED,
        {
            "export_id": envelope.data["export_id"],
            "person_id": person_id,
            "data": {"messages": messages},
        },
    )


EVENT_HANDLERS = {
    PERSON_DELETED: on_person_deleted,
    PERSONS_DELETED: on_persons_deleted,
    PERSON_MERGED: on_person_merged,
}
COMMAND_HANDLERS = {EXPORT_COMMAND: on_export_requested}
