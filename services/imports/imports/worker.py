"""The imports worker's loops: outbox relay, registry answers, commands, sender, resender."""

from __future__ import annotations

import functools

from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Consumer, OutboxRelay
from imports import handlers, personal_data
from imports.models import messaging
from imports.resending import run_resender
from imports.sending import run_sender
from imports.settings import Settings

REGISTRY_EVENTS_QUEUE = "imports.on-registry-events"
COMMANDS_QUEUE = "imports.commands"


def registry_consumer(settings: Settings, database: Database) -> Consumer:
    return Consumer.for_handlers(database, messaging, settings, REGISTRY_EVENTS_QUEUE,
                                 EVENTS_EXCHANGE, handlers.REGISTRY_HANDLERS)


def commands_consumer(settings: Settings, database: Database) -> Consumer:
    return Consumer.for_handlers(database, messaging, settings, COMMANDS_QUEUE,
                                 COMMANDS_EXCHANGE, personal_data.COMMAND_HANDLERS)


def worker_loops(settings: Settings, database: Database):
    relay = OutboxRelay.for_settings(database, messaging, settings)
    return [
        relay.run,
        registry_consumer(settings, database).run,
        commands_consumer(settings, database).run,
        functools.partial(run_sender, database, settings),
        functools.partial(run_resender, database, settings),
    ]
