"""`python -m <service> migrate|worker`: the same two commands for every service."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from foyer_shared.db import Database
from foyer_shared.logging import configure_logging
from foyer_shared.migrations import migration_lock, upgrade
from foyer_shared.settings import ServiceSettings

log = logging.getLogger(__name__)

# Given the settings and database, returns the worker's loops (relay, consumers, schedules).
WorkerLoops = Callable[[ServiceSettings, Database], Sequence[Callable]]


def one_shot(command: Callable) -> Callable:
    """Marks an extra command that does its job and exits (a key rotation, a re-wrap): it is
    run by hand inside a worker's container, whose worker already serves /metrics on the
    metrics port, so it serves none (binding the port again failed the command)."""
    command.one_shot = True
    return command


def service_main(
    settings: ServiceSettings,
    migrations_dir: Path,
    worker_loops: WorkerLoops,
    argv: Sequence[str] | None = None,
    extra_commands: dict[str, Callable[[ServiceSettings, Database], None]] | None = None,
    after_migrate: Callable[[ServiceSettings, Database], None] | None = None,
) -> None:
    """`after_migrate` runs once the schema is current (identity creates the first owner)."""
    extra_commands = extra_commands or {}
    parser = argparse.ArgumentParser(prog=f"python -m {settings.service}")
    parser.add_argument("command", choices=["migrate", "worker", *extra_commands])
    args = parser.parse_args(argv)
    configure_logging(settings.service, settings.log_level)
    if args.command == "migrate":
        # Locked: every pod of a deployment runs this before it starts (docs/deployment.md).
        with migration_lock(settings.database_url):
            upgrade(migrations_dir, settings.database_url)
            log.info("%s database migrated", settings.service)
            if after_migrate is not None:
                database = Database(settings.database_url, **settings.pool_options())
                after_migrate(settings, database)
                database.dispose()
        return
    from foyer_shared.messaging import run_worker
    from foyer_shared.metrics import serve_process_metrics

    command = extra_commands.get(args.command)
    if not getattr(command, "one_shot", False):
        serve_process_metrics(settings.metrics_port)  # every long-running process but web
    database = Database(settings.database_url, **settings.pool_options())
    if args.command == "worker":
        run_worker(worker_loops(settings, database), name=f"{settings.service}-worker")
    else:
        command(settings, database)


def relay_only(messaging):
    """Worker loops for a service that publishes but consumes nothing yet."""
    from foyer_shared.messaging import OutboxRelay

    def loops(settings: ServiceSettings, database: Database):
        relay = OutboxRelay.for_settings(database, messaging, settings)
        return [relay.run]

    return loops
