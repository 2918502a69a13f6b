"""The registry worker's loops: outbox relay, consumer of other services' events, schedules."""

from __future__ import annotations

import logging
import time

from foyer_shared.cli import one_shot
from foyer_shared.db import Database
from foyer_shared.messaging import (
    COMMANDS_EXCHANGE,
    EVENTS_EXCHANGE,
    Consumer,
    OutboxRelay,
    run_worker,
    schedule,
)
from registry import handlers
from registry.models import messaging
from registry.repository.document_store import LocalDirectoryStore
from registry.use_cases import documents, exports, journal, read_log
from registry.use_cases.name_slices import SLICES, cut_into_name_slices
from registry.use_cases.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

EVENTS_QUEUE = "registry.on-events"
COMMANDS_QUEUE = "registry.commands"


def events_consumer(settings, database: Database) -> Consumer:
    # Bound to exactly the types handled here (docs/decisions.md → CRM and the first consumers).
    table = {**handlers.EVENT_HANDLERS, **handlers.export_handlers(settings.export_services)}
    return Consumer.for_handlers(
        database, messaging, settings, EVENTS_QUEUE, EVENTS_EXCHANGE, table
    )


def commands_consumer(settings, database: Database) -> Consumer:
    """Import batches, one at a time: several of these (in `import-worker` processes) then
    take turns, each checking its batch while another writes (use_cases/imports/order.py)."""
    table = handlers.command_handlers(settings)
    return Consumer.for_handlers(
        database, messaging, settings, COMMANDS_QUEUE, COMMANDS_EXCHANGE, table, prefetch=1
    )


def run_import_worker(settings, database: Database) -> None:
    """`python -m registry import-worker`: one more consumer of registry.commands, for large
    imports on a machine with a core to spare. Its answers go out through the outbox, which the
    main worker's relay publishes."""
    run_worker([commands_consumer(settings, database).run], name="registry-import-worker")


def worker_loops(settings, database: Database):
    relay = OutboxRelay.for_settings(database, messaging, settings)
    return [
        relay.run,
        events_consumer(settings, database).run,
        commands_consumer(settings, database).run,
        overdue_exports(settings, database),
        read_log_retention(settings, database),
        documents_sweep(settings, database),
    ]


@one_shot
def run_journal_rewrap(settings, database: Database) -> None:
    """`python -m registry journal-rewrap`: after a key rotation, every journal entry's data
    key re-wrapped by the active key, 500 at a time; then the old key can be removed."""
    keys = settings.journal_keyring()
    if keys is None:
        raise SystemExit("no journal keys configured (FOYER_JOURNAL_KEYS_FILE)")
    total = 0
    while done := journal.rewrap(SqlUnitOfWork(database), keys):
        total += done
    log.info("journal: %s entries re-wrapped with key %s", total, keys.active)


@one_shot
def run_slice_names(settings, database: Database, slices: int = SLICES) -> None:
    """`python -m registry slice-names`: a register of more than 200,000 persons cut into name
    slices for its search (docs/operations.md → Keep a large register's search fast). The
    persons table is locked while it runs: 95-100 s at 1M persons on the benchmark machine."""
    started = time.monotonic()
    made = cut_into_name_slices(SqlUnitOfWork(database), slices)
    log.info("persons cut into %s name slices in %.1f s", made, time.monotonic() - started)


def documents_sweep(settings, database: Database, every_seconds: float = 3600.0):
    """Schedule: document bytes whose row is gone (the person deleted or erased) go, hourly."""
    store = LocalDirectoryStore(settings.documents_dir)

    def sweep() -> None:
        gone = documents.sweep(SqlUnitOfWork(database), store)
        if gone:
            log.info("documents: %s files without a document row deleted", gone)

    return schedule(sweep, every_seconds, "sweeping documents")


def read_log_retention(settings, database: Database, every_seconds: float = 3600.0):
    """Schedule: reads older than FOYER_READ_LOG_DAYS are deleted, hourly."""

    def forget() -> None:
        gone = read_log.forget_old(SqlUnitOfWork(database), settings.read_log_days)
        if gone:
            log.info("read log: %s reads past the retention deleted", gone)

    return schedule(forget, every_seconds, "deleting old reads")


def overdue_exports(settings, database: Database):
    """Schedule: exports past their deadline complete with the silent services named missing."""
    return schedule(
        lambda: exports.finish_overdue(database, settings.export_services),
        settings.export_poll_seconds,
        "finishing overdue exports",
    )
