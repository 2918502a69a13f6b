"""Identity's worker: outbox relay, consumer of the registry's messages, assignment boundaries."""

from __future__ import annotations

from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Consumer, OutboxRelay
from identity import handlers
from identity.models import messaging
from identity.use_cases import bulk_activation
from identity.use_cases.boundaries import BoundaryWatch
from identity.use_cases.housekeeping import Housekeeping

REGISTRY_QUEUE = "identity.on-registry-events"


def registry_consumer(settings, database: Database) -> Consumer:
    # Bound to exactly what we handle; the registry's export command shares the queue.
    bindings = [(EVENTS_EXCHANGE, key) for key in handlers.REGISTRY_HANDLERS]
    commands = {**handlers.COMMAND_HANDLERS, **bulk_activation.command_handlers(settings)}
    bindings += [(COMMANDS_EXCHANGE, key) for key in commands]
    return Consumer(
        database,
        messaging,
        settings.amqp_url,
        REGISTRY_QUEUE,
        bindings=bindings,
        handlers={**handlers.REGISTRY_HANDLERS, **commands},
        max_attempts=settings.consumer_max_attempts,
        prefetch=settings.consumer_prefetch,
        queue_type=settings.queue_type,
        delivery_limit=settings.queue_delivery_limit,
    )


def worker_loops(settings, database: Database):
    relay = OutboxRelay.for_settings(database, messaging, settings)
    return [
        relay.run,
        registry_consumer(settings, database).run,
        BoundaryWatch(database).run,
        Housekeeping(database, settings).run,
    ]
