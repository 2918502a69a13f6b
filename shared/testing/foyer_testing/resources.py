"""Throw-away PostgreSQL databases and RabbitMQ vhosts per test run, and emptying them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import urllib.parse
import uuid

import psycopg.errors
import tenacity
from sqlalchemy import create_engine, text

from foyer_shared.db import Database

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


@tenacity.retry(
    retry=tenacity.retry_if_exception(
        lambda exc: isinstance(getattr(exc, "orig", None), psycopg.errors.DeadlockDetected)
    ),
    stop=tenacity.stop_after_attempt(5),
    wait=tenacity.wait_random(0.05, 0.3),
    reraise=True,
)
def truncate_all(database, metadata) -> None:
    """Empty every table between tests (faster than recreating the schema). A write the last
    test's app still makes in the background (the registry's read log) can deadlock with the
    TRUNCATE's table locks; PostgreSQL then cancels one side, and the TRUNCATE is tried again."""
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    if names:
        with database.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} CASCADE"))


@contextlib.contextmanager
def database_on(backend: str, pg_database, tmp_path, name: str, metadata):
    """A Database with `metadata`'s tables on "postgresql" (a fresh database from the
    `pg_database` factory) or "sqlite" (a file in tmp_path), disposed after the block."""
    url = pg_database(name) if backend == "postgresql" else f"sqlite:///{tmp_path / 'db.sqlite'}"
    db = Database(url)
    metadata.create_all(db.engine)
    try:
        yield db
    finally:
        db.dispose()
