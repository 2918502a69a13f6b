"""The CRM worker's loops: the outbox relay and the consumers of registry events and commands."""

from __future__ import annotations

from crm import exports, handlers
from crm.models import messaging
from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Subscription, service_loops
from foyer_shared.settings import ServiceSettings

REGISTRY_EVENTS_QUEUE = "crm.on-registry-events"
COMMANDS_QUEUE = "crm.commands"

registry_consumer = Subscription(
    messaging, REGISTRY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.REGISTRY_HANDLERS
)
# Commands addressed to the CRM (so far: the GDPR export's crm.export_personal_data).
commands_consumer = Subscription(
    messaging, COMMANDS_QUEUE, COMMANDS_EXCHANGE, exports.COMMAND_HANDLERS
)


def worker_loops(settings: ServiceSettings, database: Database):
    return service_loops(settings, database, messaging, [registry_consumer, commands_consumer])
