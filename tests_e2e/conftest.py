"""The real suite for end-to-end tests: gunicorn processes, workers, PostgreSQL, RabbitMQ, HTTP."""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "infra"))
# The tests' own helper modules (import_runs.py, faults.py).
sys.path.insert(0, str(Path(__file__).resolve().parent))
import devstack  # noqa: E402
from e2e_accounts import log_in  # noqa: E402

from foyer_testing import create_vhost, delete_vhost, wait_until  # noqa: E402

OWNER_PASSWORD = "e2e-Owner-passphrase-1"


@pytest.fixture(scope="session")
def e2e_amqp_url(run_id):
    """A vhost of the suite's own. The stack lives for the whole session, and the services'
    integration tests that run later in the same pytest worker start consumers on the same
    queue names (imports.on-registry-events, registry.commands): on a shared vhost the two
    took each other's messages, and jobs waited for answers another database had taken."""
    vhost = f"foyer_e2e_{run_id}"
    url = create_vhost(vhost)
    yield url
    delete_vhost(vhost)


@pytest.fixture(scope="session")
def stack(tmp_path_factory, pg_database, e2e_amqp_url):
    with running_stack(tmp_path_factory, pg_database, e2e_amqp_url, "e2e") as stack:
        yield stack


@pytest.fixture(scope="session")
def start_stack(tmp_path_factory, pg_database):
    """start_stack(amqp_url, name, **env): a context manager running another whole suite, with
    databases `<name>_<service>` (test_faults.py, whose imports would crowd the shared one; the
    access matrix and the schema fuzzing, which change accounts and roles); `env` adds to or
    overrides the environment below."""
    return functools.partial(running_stack, tmp_path_factory, pg_database)


@contextlib.contextmanager
def running_stack(tmp_path_factory, pg_database, amqp_url: str, name: str, **env: str):
    var = tmp_path_factory.mktemp("foyer-var")
    offset = devstack.free_port_offset()
    stack = devstack.Stack(
        var=var,
        port_offset=offset,
        common_env={
            "AMQP_URL": amqp_url,
            "FOYER_OWNER_EMAIL": "owner@e2e.test",
            "FOYER_OWNER_PASSWORD": OWNER_PASSWORD,
            "FOYER_OUTBOX_POLL_SECONDS": "0.1",
            # An imports worker killed mid-file leaves its claim; the restarted one takes it over
            # when the lease runs out (test_import_resume.py), so keep it short here.
            "FOYER_LEASE_SECONDS": "5",
            # Smaller import batches than the default 2500, so the resume tests' 4,000 rows make
            # several batches and a kill lands between two of them (test_import_resume.py).
            "FOYER_BATCH_SIZE": "500",
            # Every e2e login comes from 127.0.0.1, and the suites log the owner in dozens of
            # times a minute when the machine is quiet; the real limits are tested in
            # gateway/tests (test_edges.py, test_client_address.py).
            "FOYER_RATE_LIMIT_LOGIN_PER_ADDRESS": "1000/minute",
            "FOYER_RATE_LIMIT_LOGIN_PER_ACCOUNT": "1000/minute",
            # Up to four suites run at once beside the services' own tests, all on one
            # PostgreSQL with its default 100 connections: small pools, or "too many clients".
            "FOYER_DB_POOL_SIZE": "2",
            "FOYER_DB_MAX_OVERFLOW": "3",
            **env,
        },
        service_env={
            service: {"DATABASE_URL": pg_database(f"{name}_{service}")}
            for service in devstack.SERVICES
        },
    )
    devstack.ensure_context_keys(var / "keys")
    stack.migrate()
    try:
        stack.start_on_free_ports(devstack.free_port_offset)
        yield stack
    except Exception:
        _print_logs(var)
        raise
    finally:
        stack.stop()


def _print_logs(var: Path) -> None:
    for log in sorted((var / "log").glob("*.log")):
        print(f"===== {log.name}\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def gateway(stack) -> str:
    return stack.gateway_url


def _login(gateway: str, username: str, password: str) -> str:
    return log_in(gateway, username, password)["access_token"]


@pytest.fixture(scope="session")
def owner_headers(gateway) -> dict[str, str]:
    return {"Authorization": f"Bearer {_login(gateway, 'owner', OWNER_PASSWORD)}"}


@pytest.fixture(scope="session")
def login(gateway):
    """login(username, password) -> access token, through the gateway."""
    return lambda username, password: _login(gateway, username, password)


@pytest.fixture(scope="session")
def eventually():
    return _eventually


def _eventually(check, timeout: float = 15.0, interval: float = 0.2):
    """Poll `check` until it returns something truthy or the deadline passes (no bare sleeps)."""
    return wait_until(check, timeout, interval)
