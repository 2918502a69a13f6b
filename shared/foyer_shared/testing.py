"""Helpers for tests: throw-away PostgreSQL databases and RabbitMQ vhosts per test run."""

from __future__ import annotations

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
