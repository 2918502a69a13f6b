"""Faults for the e2e stack, and what the stack holds afterwards (test_faults.py).

Everything here reads the system as an operator would (docs/messaging.md): the outboxes and
inboxes in each service's database (read-only, parameterised SQL) and the queues' depths.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import devstack
import pika
import requests
from sqlalchemy import create_engine, text

from foyer_shared.messaging import connect


def close_vhost_connections(vhost: str) -> int:
    """The broker closes every client connection of `vhost`, as a broker restart or a cut
    network would; only this vhost, since other test runs share the broker. Returns how many
    it closed."""
    result = subprocess.run(
        ["rabbitmqctl", "close_all_connections", "--vhost", vhost, "fault test"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    closed = re.search(r"Closed (\d+) connection", result.stdout)
    assert closed, result.stdout
    return int(closed.group(1))


def consumer_queues() -> list[str]:
    """Every consumer queue of the suite: the `*_QUEUE` names of each service's worker."""
    queues = []
    for service in devstack.SERVICES:
        module = importlib.import_module(f"{service}.worker")
        queues += [
            value
            for name, value in vars(module).items()
            if name.endswith("_QUEUE") and isinstance(value, str)
        ]
    return sorted(queues)


def queue_depths(amqp_url: str, queues: list[str]) -> dict[str, int]:
    """Messages ready in each queue (a queue not declared yet holds none)."""
    connection = connect(amqp_url)
    try:
        depths = {}
        for queue in queues:
            channel = connection.channel()
            try:
                depths[queue] = channel.queue_declare(queue, passive=True).method.message_count
                channel.close()
            except pika.exceptions.ChannelClosedByBroker:  # 404: no such queue
                depths[queue] = 0
        return depths
    finally:
        connection.close()


class StackDatabases:
    """Read-only connections to each service's database of a devstack.Stack."""

    def __init__(self, stack: devstack.Stack):
        self._engines = {
            name: create_engine(stack.service_env[name]["DATABASE_URL"]).execution_options(
                postgresql_readonly=True
            )
            for name in devstack.SERVICES
        }

    def rows(self, service: str, sql: str, **params) -> list:
        with self._engines[service].connect() as connection:
            return connection.execute(text(sql), params).all()

    def scalar(self, service: str, sql: str, **params):
        with self._engines[service].connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def persons(self) -> int:
        """Every person in the registry, exactly (the API's total is exact up to 10,000)."""
        return self.scalar("registry", "SELECT count(*) FROM persons")

    def unsent(self) -> dict[str, int]:
        """Outbox rows not yet published, per service (only those that have some)."""
        counts = {
            name: self.scalar(name, "SELECT count(*) FROM outbox WHERE published_at IS NULL")
            for name in self._engines
        }
        return {name: count for name, count in counts.items() if count}

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()


class PersonStream:
    """Creates persons through the gateway from a few threads until stopped, so events flow
    before, during and after a fault. `created`: id → last name of each person answered 201."""

    def __init__(
        self, gateway: str, headers: dict[str, str], threads: int = 2, pause: float = 0.02
    ):
        self.created: dict[str, str] = {}
        self.failures: list[str] = []
        self._url = f"{gateway}/api/registry/persons"
        self._headers = headers
        self._pause = pause  # keeps the load at what crm handles, on a 2-core CI machine
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._create, daemon=True) for _ in range(threads)]

    def __enter__(self) -> PersonStream:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _create(self) -> None:
        with requests.Session() as session:
            while not self._stop.is_set():
                with self._lock:
                    last_name = f"Stream {len(self.created) + len(self.failures)}"
                response = session.post(
                    self._url,
                    headers=self._headers,
                    timeout=30,
                    json={"first_name": "Fault", "last_name": last_name},
                )
                with self._lock:
                    if response.status_code == 201:
                        self.created[response.json()["id"]] = last_name
                    else:
                        self.failures.append(f"{response.status_code} {response.text[:200]}")
                self._stop.wait(self._pause)

    def more(self, eventually: Callable, count: int, timeout: float = 60) -> None:
        """Wait until `count` more persons than now were created."""
        target = len(self.created) + count
        eventually(lambda: len(self.created) >= target or self.failures, timeout=timeout)
        assert not self.failures, self.failures[:3]


class LogWatch:
    """What the stack's processes log from now on. Operators alert on ERROR lines
    (docs/messaging.md): a broker restart or a crashed worker must not cause any."""

    def __init__(self, folder: Path):
        self._folder = folder
        self._offsets = {path.name: path.stat().st_size for path in folder.glob("*.log")}

    def errors(self) -> list[str]:
        found = []
        for path in sorted(self._folder.glob("*.log")):
            with open(path, "rb") as handle:
                handle.seek(self._offsets.get(path.name, 0))
                for line in handle.read().decode(errors="replace").splitlines():
                    if _level(line) in ("ERROR", "CRITICAL"):
                        found.append(f"{path.name}: {line[:500]}")
        return found


def _level(line: str) -> str | None:
    try:
        return json.loads(line).get("level")
    except (ValueError, AttributeError):
        return "ERROR" if line.startswith("Traceback") else None
