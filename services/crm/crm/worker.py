"""The CRM worker's loops: the outbox relay and the consumer of registry events."""

from __future__ import annotations

from crm import exports, handlers
from crm.models import messaging
from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Consumer, OutboxRelay
from foyer_shared.settings import ServiceSettings

REGISTRY_EVENTS_QUEUE = "crm.on-registry-events"
COMMANDS_QUEUE = "crm.commands"


def registry_consumer(settings: ServiceSettings, database: Database) -> Consumer:
    # Bound to exactly the types we handle: an event nobody here handles yet stays out of
    # the queue instead of being acked and forgotten.
    return Consumer(
        database,
        messaging,
        settings.amqp_url,
        REGISTRY_EVENTS_QUEUE,
        bindings=[(EVENTS_EXCHANGE, event_type) for event_type in handlers.REGISTRY_HANDLERS],
        handlers=handlers.REGISTRY_HANDLERS,
        max_attempts=settings.consumer_max_attempts,
        prefetch=settings.consumer_prefetch,
    )


def commands_consumer(settings: ServiceSettings, database: Database) -> Consumer:
    """Commands addressed to the CRM (so far: the GDPR export's crm.export_personal_data)."""
    return Consumer(
        database,
        messaging,
        settings.amqp_url,
        COMMANDS_QUEUE,
        bindings=[(COMMANDS_EXCHANGE, name) for name in exports.COMMAND_HANDLERS],
        handlers=exports.COMMAND_HANDLERS,
        max_attempts=settings.consumer_max_attempts,
        prefetch=settings.consumer_prefetch,
    )


def worker_loops(settings: ServiceSettings, database: Database):
    relay = OutboxRelay(
        database, messaging, settings.amqp_url, poll_seconds=settings.outbox_poll_seconds
    )
    return [
        relay.run,
        registry_consumer(settings, database).run,
        commands_consumer(settings, database).run,
    ]
