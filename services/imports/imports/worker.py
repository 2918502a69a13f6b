"""The imports service's two background processes (docs/imports.md → Processes).

- `python -m imports worker`: the outbox relay, the registry's answers, commands, the resender.
- `python -m imports sender`: reads uploaded files and writes their batches. A process of its
  own: reading and judging a file is the longest single task of a dry run, and sharing one
  interpreter (one GIL) with the relay and the answers made it wait for them (a 100k dry run
  took ~10 % longer).
"""

from __future__ import annotations

import functools

from foyer_shared.db import Database
from foyer_shared.messaging import (
    COMMANDS_EXCHANGE,
    EVENTS_EXCHANGE,
    Subscription,
    run_worker,
    service_loops,
)
from imports import handlers, personal_data
from imports.models import messaging
from imports.resending import run_resender
from imports.sending import run_sender
from imports.settings import Settings

REGISTRY_EVENTS_QUEUE = "imports.on-registry-events"
COMMANDS_QUEUE = "imports.commands"


registry_consumer = Subscription(
    messaging, REGISTRY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.REGISTRY_HANDLERS
)
commands_consumer = Subscription(
    messaging, COMMANDS_QUEUE, COMMANDS_EXCHANGE, personal_data.COMMAND_HANDLERS
)


def worker_loops(settings: Settings, database: Database):
    resender = functools.partial(run_resender, database, settings)
    subscriptions = [registry_consumer, commands_consumer]
    return service_loops(settings, database, messaging, subscriptions, [resender])


def sender_loops(settings: Settings, database: Database):
    return [functools.partial(run_sender, database, settings)]


def run_sender_process(settings: Settings, database: Database) -> None:
    """`python -m imports sender`; its batches go out through the outbox, which the worker's
    relay publishes."""
    run_worker(sender_loops(settings, database), name="imports-sender")
