"""The notify worker's loops: outbox relay, consumers, and the senders of the send queue."""

from __future__ import annotations

from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Consumer, OutboxRelay
from notify import handlers
from notify.delivery.sender import Sender
from notify.models import messaging

REGISTRY_EVENTS_QUEUE = "notify.on-registry-events"
EVENTS_QUEUE = "notify.on-events"  # identity's accounts and links, imports' jobs
COMMANDS_QUEUE = "notify.commands"


def _consumer(settings, database: Database, queue: str, exchange: str, table) -> Consumer:
    return Consumer.for_handlers(database, messaging, settings, queue, exchange, table)


def registry_consumer(settings, database: Database) -> Consumer:
    return _consumer(
        settings, database, REGISTRY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.EVENT_HANDLERS
    )


def events_consumer(settings, database: Database) -> Consumer:
    known = {**handlers.IDENTITY_HANDLERS, **handlers.imports_handlers(settings.public_url)}
    return _consumer(settings, database, EVENTS_QUEUE, EVENTS_EXCHANGE, known)


def commands_consumer(settings, database: Database) -> Consumer:
    return _consumer(
        settings, database, COMMANDS_QUEUE, COMMANDS_EXCHANGE, handlers.COMMAND_HANDLERS
    )


def worker_loops(settings, database: Database):
    relay = OutboxRelay.for_settings(database, messaging, settings)
    return [
        relay.run,
        registry_consumer(settings, database).run,
        events_consumer(settings, database).run,
        commands_consumer(settings, database).run,
        *sender_loops(settings, database),
    ]


def sender_loops(settings, database: Database):
    """The senders alone (`python -m notify sender`): more of them beside the workers when
    the queue is long; they need the database and the SMTP server or SMS provider only.
    Each of the `email_senders` e-mail senders drives `smtp_connections` SMTP connections
    in rounds; they share the queue like separate processes would."""
    email = [Sender.for_email(settings, database).run for _ in range(settings.email_senders)]
    return [*email, Sender.for_sms(settings, database).run]


def senders(settings, database: Database) -> None:
    from foyer_shared.messaging import run_worker

    run_worker(sender_loops(settings, database), name="notify-sender")
