"""The CRM worker's loops: the outbox relay, the consumers of handlers.py, the schedules."""

from __future__ import annotations

import logging
import threading

from crm import handlers
from crm.models import messaging
from crm.use_cases import badges, mailouts, reminders, staff_resync
from foyer_shared.db import Database
from foyer_shared.messaging import (
    COMMANDS_EXCHANGE,
    EVENTS_EXCHANGE,
    Subscription,
    connect,
    service_loops,
)
from foyer_shared.messaging import schedule as shared_schedule
from foyer_shared.settings import ServiceSettings

log = logging.getLogger(__name__)

REGISTRY_EVENTS_QUEUE = "crm.on-registry-events"
IDENTITY_EVENTS_QUEUE = "crm.on-identity-events"
BOOKING_EVENTS_QUEUE = "crm.on-booking-events"
NOTIFY_EVENTS_QUEUE = "crm.on-notify-events"
COMMANDS_QUEUE = "crm.commands"

registry_consumer = Subscription(
    messaging, REGISTRY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.REGISTRY_HANDLERS
)
# Accounts and roles: who may be made responsible or assignee.
identity_consumer = Subscription(
    messaging, IDENTITY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.IDENTITY_HANDLERS
)
# Trial bookings from a booking system outside Foyer (docs/crm.md).
bookings_consumer = Subscription(
    messaging, BOOKING_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.BOOKING_HANDLERS
)
# notify's results of the mail-outs the CRM asked it to send.
notify_consumer = Subscription(
    messaging, NOTIFY_EVENTS_QUEUE, EVENTS_EXCHANGE, handlers.NOTIFY_HANDLERS
)
# Commands addressed to the CRM (so far: the GDPR export's crm.export_personal_data).
commands_consumer = Subscription(
    messaging, COMMANDS_QUEUE, COMMANDS_EXCHANGE, handlers.COMMAND_HANDLERS
)


def worker_loops(settings: ServiceSettings, database: Database):
    return service_loops(
        settings,
        database,
        messaging,
        [
            registry_consumer,
            identity_consumer,
            bookings_consumer,
            notify_consumer,
            commands_consumer,
        ],
        schedules=[
            schedule(reminders.send_due, database, settings.reminder_poll_seconds),
            schedule(badges.DayTurns(), database, settings.reminder_poll_seconds),
            schedule(mailouts.send_pending, database, settings.mailout_poll_seconds),
            staff_resync_loop(settings, database),
        ],
    )


def schedule(job, database: Database, seconds: float):
    """A loop running `job(database)` every `seconds` (at once again while it found work)."""
    return shared_schedule(lambda: job(database), seconds, job.__name__, again_while_busy=True)


def ask_identity_for_accounts(settings: ServiceSettings, database: Database) -> None:
    """First our identity queue, declared and bound as its consumer does: the answer is an
    event, which the broker drops when no queue is bound to it (on a fresh install the
    worker's consumer may not have declared it yet). Then the command, into the outbox."""
    connection = connect(settings.amqp_url)
    try:
        identity_consumer(settings, database).declare(connection.channel())
    finally:
        if connection.is_open:
            connection.close()
    staff_resync.request_accounts(database)


def staff_resync_loop(settings, database: Database, retry_seconds: float = 1.0):
    """At the worker's start, then every `staff_resync_hours` (0: only at start): the staff
    resync (docs/crm.md). Broker or database away: tried again, waiting up to a minute (not
    `schedule`, which would wait the whole period after a failure)."""
    every = settings.staff_resync_hours * 3600

    def loop(stop: threading.Event) -> None:
        wait = retry_seconds
        while not stop.is_set():
            try:
                ask_identity_for_accounts(settings, database)
            except Exception:  # noqa: BLE001 - broker or database away: ask again soon
                log.warning("staff resync: asking identity failed; trying again", exc_info=True)
                stop.wait(wait)
                wait = min(wait * 2, 60)
                continue
            wait = retry_seconds
            stop.wait(every if every > 0 else None)

    loop.__name__ = "staff_resync"
    return loop
