"""IN: what imports consumes, by message type: the registry's answers and the GDPR export command.

Each handler runs in the consumer's transaction, once (the inbox row is written in it), and hands
the message's data to a use case; it neither queries nor commits itself.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.envelope import Envelope
from imports import events
from imports.use_cases import answers, personal_data


def on_batch_processed(session: Session, envelope: Envelope) -> None:
    answers.batch_processed(session, envelope.data)


def on_undo_processed(session: Session, envelope: Envelope) -> None:
    answers.undo_processed(session, envelope.data)


def on_undo_progress(session: Session, envelope: Envelope) -> None:
    answers.undo_progress(session, envelope.data)


def on_export_personal_data(session: Session, envelope: Envelope) -> None:
    data = envelope.data
    personal_data.export(session, data["export_id"], data["person_id"], envelope.correlation_id)


# The registry's events (queue imports.on-registry-events) and commands sent to imports
# (queue imports.commands); worker.py consumes each table with its own consumer.
REGISTRY_HANDLERS = {
    events.BATCH_PROCESSED: on_batch_processed,
    events.UNDO_PROCESSED: on_undo_processed,
    events.UNDO_PROGRESS: on_undo_progress,
}
COMMAND_HANDLERS = {events.EXPORT_PERSONAL_DATA: on_export_personal_data}
