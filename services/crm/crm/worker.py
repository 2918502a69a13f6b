"""The CRM worker's loops: the outbox relay, the consumers of handlers.py, the schedules."""

from __future__ import annotations

import logging
import threading

from crm import handlers
from crm.models import messaging
from crm.use_cases import badges, mailouts, reminders
from foyer_shared.db import Database
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, Consumer, OutboxRelay
from foyer_shared.settings import ServiceSettings

log = logging.getLogger(__name__)

REGISTRY_EVENTS_QUEUE = "crm.on-registry-events"
IDENTITY_EVENTS_QUEUE = "crm.on-identity-events"
BOOKING_EVENTS_QUEUE = "crm.on-booking-events"
COMMANDS_QUEUE = "crm.commands"


def registry_consumer(settings: ServiceSettings, database: Database) -> Consumer:
    return Consumer.for_handlers(
        database,
        messaging,
        settings,
        REGISTRY_EVENTS_QUEUE,
        EVENTS_EXCHANGE,
        handlers.REGISTRY_HANDLERS,
    )


def identity_consumer(settings: ServiceSettings, database: Database) -> Consumer:
    """Accounts and roles: who may be made responsible or assignee."""
    return Consumer.for_handlers(
        database,
        messaging,
        settings,
        IDENTITY_EVENTS_QUEUE,
        EVENTS_EXCHANGE,
        handlers.IDENTITY_HANDLERS,
    )


def bookings_consumer(settings: ServiceSettings, database: Database) -> Consumer:
    """Trial bookings from a booking system outside Foyer (docs/crm.md)."""
    return Consumer.for_handlers(
        database,
        messaging,
        settings,
        BOOKING_EVENTS_QUEUE,
        EVENTS_EXCHANGE,
        handlers.BOOKING_HANDLERS,
    )


def commands_consumer(settings: ServiceSettings, database: Database) -> Consumer:
    """Commands addressed to the CRM (so far: the GDPR export's crm.export_personal_data)."""
    return Consumer.for_handlers(
        database, messaging, settings, COMMANDS_QUEUE, COMMANDS_EXCHANGE, handlers.COMMAND_HANDLERS
    )


def worker_loops(settings: ServiceSettings, database: Database):
    relay = OutboxRelay.for_settings(database, messaging, settings)
    return [
        relay.run,
        registry_consumer(settings, database).run,
        identity_consumer(settings, database).run,
        bookings_consumer(settings, database).run,
        commands_consumer(settings, database).run,
        schedule(reminders.send_due, database, settings.reminder_poll_seconds),
        schedule(badges.DayTurns(), database, settings.reminder_poll_seconds),
        schedule(mailouts.send_pending, database, settings.mailout_poll_seconds),
    ]


def schedule(job, database: Database, seconds: float):
    """A loop running `job(database)` every `seconds` (at once again while it found work)."""

    def loop(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                busy = job(database)
            except Exception:  # noqa: BLE001 - database away: try again next round
                log.warning("%s failed; trying again", job.__name__, exc_info=True)
                busy = 0
            if not busy:
                stop.wait(seconds)

    loop.__name__ = f"schedule_{job.__name__}"
    return loop
