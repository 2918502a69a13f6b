"""Helpers for tests: throw-away PostgreSQL databases and RabbitMQ vhosts per test run."""

from __future__ import annotations

import contextlib
import os
import subprocess
import urllib.parse
import uuid

from sqlalchemy import create_engine, text

ADMIN_PG_URL = os.environ.get(
    "FOYER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
AMQP_HOST = os.environ.get("FOYER_TEST_AMQP_HOST", "guest:guest@127.0.0.1:5672")


def run_id() -> str:
    """Short and unique, so two runs on one machine never share a database or a vhost."""
    return uuid.uuid4().hex[:8]


def _admin_engine():
    return create_engine(ADMIN_PG_URL, isolation_level="AUTOCOMMIT")


def create_pg_database(name: str) -> str:
    """Create an empty database and return its URL (psycopg 3 driver)."""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    base = ADMIN_PG_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_pg_database(name: str) -> None:
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", *args], check=True, capture_output=True, timeout=60)


def create_vhost(name: str) -> str:
    """A vhost of its own per test run: exchanges and queues never collide between runs."""
    _rabbitmqctl("add_vhost", name)
    _rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
    return amqp_url_for(name)


def amqp_url_for(vhost: str, host: str = AMQP_HOST) -> str:
    return f"amqp://{host}/{urllib.parse.quote(vhost, safe='')}"


def delete_vhost(name: str) -> None:
    subprocess.run(["rabbitmqctl", "-q", "delete_vhost", name], capture_output=True, timeout=60)


def context_headers(
    private_key_file,
    *,
    service: str,
    method: str,
    path: str,
    permissions=(),
    user_id: str | None = "test-user",
    scopes: dict | None = None,
    caller_service: str | None = None,
    client_address: str | None = None,
) -> dict[str, str]:
    """Headers as the gateway would send them, for calling one service's API in its tests."""
    from pathlib import Path

    from foyer_shared.access import CONTEXT_HEADER, ContextSigner

    signer = ContextSigner(Path(private_key_file).read_text(encoding="utf-8"))
    rid = str(uuid.uuid4())
    token = signer.sign(
        audience=service,
        method=method,
        path=path.split("?", 1)[0],
        request_id=rid,
        user_id=user_id,
        permissions=permissions,
        scopes=scopes,
        caller_service=caller_service,
        client_address=client_address,
    )
    return {CONTEXT_HEADER: token, "X-Request-ID": rid}


def truncate_all(database, metadata) -> None:
    """Empty every table between tests (faster than recreating the schema)."""
    from sqlalchemy import text

    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    if names:
        with database.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} CASCADE"))


def publish_envelope(amqp_url: str, exchange: str, envelope) -> None:
    """Publish as a service's relay would (persistent, confirmed, mandatory): a message that
    nothing is bound to raises, so a test can never pass by sending into the void."""
    import pika

    from foyer_shared.messaging import connect

    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            exchange,
            envelope.type,
            envelope.to_bytes(),
            properties=pika.BasicProperties(
                delivery_mode=pika.DeliveryMode.Persistent,
                content_type="application/json",
                message_id=envelope.id,
                type=envelope.type,
            ),
            mandatory=True,
        )
    finally:
        connection.close()


def wait_for(probe, timeout: float = 15.0, interval: float = 0.05):
    """Poll until `probe()` returns something truthy; fail the test after `timeout` seconds."""
    import time

    import pytest

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"nothing after {timeout}s")


@contextlib.contextmanager
def running(consumer, amqp_url: str):
    """Run a Consumer in a thread for the `with` block; its queues exist before it yields, so
    a message published at once is routed even if the thread starts late."""
    import threading

    from foyer_shared.messaging import connect

    connection = connect(amqp_url)
    consumer.declare(connection.channel())
    connection.close()
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield consumer
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive(), "the consumer did not stop"


@contextlib.contextmanager
def database_on(backend: str, pg_database, tmp_path, name: str, metadata):
    """A Database with `metadata`'s tables on "postgresql" (a fresh database from the
    `pg_database` factory) or "sqlite" (a file in tmp_path), disposed after the block."""
    from foyer_shared.db import Database

    url = pg_database(name) if backend == "postgresql" else f"sqlite:///{tmp_path / 'db.sqlite'}"
    db = Database(url)
    metadata.create_all(db.engine)
    try:
        yield db
    finally:
        db.dispose()
