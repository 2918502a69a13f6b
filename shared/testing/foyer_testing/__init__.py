"""Test support for every Foyer project: installed for development only, never imported by
running code (shared/tests/test_testing_stays_out.py holds that line).

- resources: a throw-away PostgreSQL database and RabbitMQ vhost per run, emptied between tests
- headers:   access-context headers as the gateway sends them
- messaging: publishing as a relay would, running a consumer for a `with` block, counting
             the rows each outbox INSERT carries
- waiting:   wait_until, the bounded wait for an eventual effect (no bare sleep in a test),
             and conditions to wait for (listening: an idle loop waits for a NOTIFY)
- fixtures:  the pytest fixtures every service's tests need, written once
- inputs:    the bad-input tests every service runs against its own app
"""

from foyer_testing.headers import context_headers
from foyer_testing.messaging import outbox_inserts, publish_envelope, running
from foyer_testing.resources import (
    amqp_url_for,
    create_pg_database,
    create_vhost,
    database_on,
    delete_vhost,
    drop_pg_database,
    run_id,
    truncate_all,
)
from foyer_testing.waiting import listening, wait_until

__all__ = [
    "amqp_url_for",
    "context_headers",
    "create_pg_database",
    "create_vhost",
    "database_on",
    "delete_vhost",
    "drop_pg_database",
    "listening",
    "outbox_inserts",
    "publish_envelope",
    "run_id",
    "running",
    "truncate_all",
    "wait_until",
]
