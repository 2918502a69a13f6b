"""The imports service's two background processes (docs/imports.md → Processes).

- `python -m imports worker`: the outbox relay, the consumers of handlers.py (the registry's
  answers, commands) and the resender (use_cases/resending.py).
- `python -m imports sender`: reads uploaded files and writes their batches
  (use_cases/sending.py). A process of its own: reading and judging a file is the longest single
  task of a dry run, and sharing one interpreter (one GIL) with the relay and the answers made it
  wait for them (a 100k dry run took ~10 % longer). Both are started here, so this one module
  says what runs in the background; the sender needs no entry module of its own.
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
from imports import handlers
from imports.models import messaging
from imports.settings import Settings
from imports.use_cases.resending import run_resender
from imports.use_cases.sending import run_sender

REGISTRY_EVENTS_QUEUE = "imports.on-registry-events"
COMMANDS_QUEUE = "imports.commands"


registry_consumer = Subscription(
    messaging, REGISTRY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.REGISTRY_HANDLERS
)
commands_consumer = Subscription(
    messaging, COMMANDS_QUEUE, COMMANDS_EXCHANGE, handlers.COMMAND_HANDLERS
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
