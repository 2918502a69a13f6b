"""The CRM worker's loops: the outbox relay and the consumer of registry events."""

from __future__ import annotations

from crm import handlers
from crm.models import messaging
from foyer_shared.db import Database
from foyer_shared.messaging import EVENTS_EXCHANGE, Consumer, OutboxRelay
from foyer_shared.settings import ServiceSettings

REGISTRY_EVENTS_QUEUE = "crm.on-registry-events"


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


def worker_loops(settings: ServiceSettings, database: Database):
    relay = OutboxRelay(
        database, messaging, settings.amqp_url, poll_seconds=settings.outbox_poll_seconds
    )
    return [relay.run, registry_consumer(settings, database).run]
