"""The registry worker's loops: outbox relay, consumer of other services' events, schedules."""

from __future__ import annotations

from foyer_shared.db import Database
from foyer_shared.messaging import EVENTS_EXCHANGE, Consumer, OutboxRelay
from registry import handlers
from registry.models import messaging

EVENTS_QUEUE = "registry.on-events"


def events_consumer(settings, database: Database) -> Consumer:
    # Bound to exactly the types handled here (docs/decisions.md → CRM and the first consumers).
    return Consumer(
        database, messaging, settings.amqp_url, EVENTS_QUEUE,
        bindings=[(EVENTS_EXCHANGE, event_type) for event_type in handlers.EVENT_HANDLERS],
        handlers=handlers.EVENT_HANDLERS,
        max_attempts=settings.consumer_max_attempts,
        prefetch=settings.consumer_prefetch,
    )


def worker_loops(settings, database: Database):
    relay = OutboxRelay(
        database, messaging, settings.amqp_url, poll_seconds=settings.outbox_poll_seconds
    )
    return [relay.run, events_consumer(settings, database).run]
