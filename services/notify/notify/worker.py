"""The notify worker's loops: outbox relay, registry events, commands addressed to notify."""

from __future__ import annotations

from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Subscription, service_loops
from notify import handlers
from notify.models import messaging

REGISTRY_EVENTS_QUEUE = "notify.on-registry-events"
COMMANDS_QUEUE = "notify.commands"

registry_consumer = Subscription(
    messaging, REGISTRY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.EVENT_HANDLERS
)
commands_consumer = Subscription(
    messaging, COMMANDS_QUEUE, COMMANDS_EXCHANGE, handlers.COMMAND_HANDLERS
)


def worker_loops(settings, database: Database):
    return service_loops(settings, database, messaging, [registry_consumer, commands_consumer])
