"""Messaging mechanics: outbox tables, the relay, the consumer loop and the worker runner."""

from foyer_shared.messaging.broker import (
    COMMANDS_EXCHANGE,
    EVENTS_EXCHANGE,
    connect,
    declare_exchanges,
    ping,
)
from foyer_shared.messaging.consumer import Consumer, Handler
from foyer_shared.messaging.outbox import Outbox
from foyer_shared.messaging.relay import OutboxRelay
from foyer_shared.messaging.tables import MessagingTables, messaging_tables
from foyer_shared.messaging.versions import VersionNotAccepted, accepts
from foyer_shared.messaging.worker import Subscription, run_worker, schedule, service_loops

__all__ = [
    "COMMANDS_EXCHANGE",
    "EVENTS_EXCHANGE",
    "Consumer",
    "Handler",
    "MessagingTables",
    "Outbox",
    "OutboxRelay",
    "Subscription",
    "connect",
    "declare_exchanges",
    "messaging_tables",
    "VersionNotAccepted",
    "accepts",
    "ping",
    "run_worker",
    "schedule",
    "service_loops",
]
