"""The imports worker's and sender's loops in threads, and a registry double on RabbitMQ.

The double is not a mock of imports: it reads the real `registry.import_batch` commands the
relay published to `foyer.commands` and answers with real `registry.import_batch.processed`
events on `foyer.events`, as the registry will.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
import uuid

import pytest

from foyer_shared import contracts
from foyer_shared.envelope import Envelope
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, connect, declare_exchanges
from foyer_testing import publish_envelope, wait_until
from imports.worker import commands_consumer, registry_consumer, sender_loops, worker_loops

REGISTRY_QUEUE = "test.registry-commands"
EVENTS_QUEUE = "test.imports-events"


def _publish(amqp_url: str, exchange: str, kind: str, data: dict, message_id=None) -> Envelope:
    """The message built from its publisher's contract (contracts/): data it does not allow
    fails here, so the registry changing an answer incompatibly fails these tests."""
    envelope = contracts.envelope(kind, **data)
    if message_id:
        envelope = dataclasses.replace(envelope, id=message_id)
    publish_envelope(amqp_url, exchange, envelope)
    return envelope


def _wait_for(probe, timeout: float = 20.0):
    return wait_until(probe, timeout)


class Queue:
    """A test queue bound to an exchange; take() returns what arrived, as envelopes' dicts."""

    def __init__(self, amqp_url: str, name: str, exchange: str, keys: list[str]):
        self.amqp_url, self.name = amqp_url, name
        connection = connect(amqp_url)
        channel = connection.channel()
        declare_exchanges(channel)
        channel.queue_declare(name, durable=True)
        channel.queue_purge(name)
        for key in keys:
            channel.queue_bind(name, exchange, routing_key=key)
        connection.close()

    def take(self, count: int, timeout: float = 20.0) -> list[dict]:
        got: list[dict] = []
        connection = connect(self.amqp_url)
        try:
            channel = connection.channel()

            def arrived() -> bool:
                while len(got) < count:
                    method, _props, body = channel.basic_get(self.name, auto_ack=True)
                    if method is None:
                        return False
                    got.append(json.loads(body))
                return True

            wait_until(arrived, timeout, message=f"{count} messages on {self.name}")
        finally:
            connection.close()
        assert len(got) == count, f"expected {count} messages on {self.name}, got {len(got)}"
        return got

    def drain(self, settle: float = 1.0) -> list[dict]:
        """Everything still arriving, until nothing came for `settle` seconds."""
        got: list[dict] = []
        connection = connect(self.amqp_url)
        try:
            channel = connection.channel()
            quiet_since = time.monotonic()

            def quiet() -> bool:
                nonlocal quiet_since
                method, _props, body = channel.basic_get(self.name, auto_ack=True)
                if method is not None:
                    got.append(json.loads(body))
                    quiet_since = time.monotonic()
                return time.monotonic() - quiet_since >= settle

            wait_until(quiet, timeout=120, message=f"{self.name} quiet for {settle}s")
        finally:
            connection.close()
        return got

    def empty(self) -> bool:
        """Nothing on the queue. Ask once every publisher has stopped: a message the relay
        published is confirmed, so it is on the queue already; nothing is still on its way."""
        connection = connect(self.amqp_url)
        try:
            method, _p, _b = connection.channel().basic_get(self.name, auto_ack=False)
            return method is None
        finally:
            connection.close()


@pytest.fixture(name="commands")
def commands_fixture(settings):
    """The commands imports sends to the registry, read off a queue bound to foyer.commands."""
    return Queue(
        settings.amqp_url,
        REGISTRY_QUEUE,
        COMMANDS_EXCHANGE,
        ["registry.import_batch", "registry.import_undo"],
    )


@pytest.fixture(name="published")
def published_fixture(settings):
    """The events imports publishes, read off a queue bound to foyer.events."""
    return Queue(settings.amqp_url, EVENTS_QUEUE, EVENTS_EXCHANGE, ["imports.#"])


@pytest.fixture(name="worker_settings")
def worker_settings_fixture(settings):
    return dataclasses.replace(
        settings, batch_size=25, job_poll_seconds=0.05, outbox_poll_seconds=0.05, lease_seconds=2.0
    )


@pytest.fixture(name="worker")
def worker_fixture(worker_settings, db, commands):
    """The worker's loops and the sender in threads (relay, consumers, sender; the resender is
    tested alone)."""
    connection = connect(worker_settings.amqp_url)
    channel = connection.channel()
    registry_consumer(worker_settings, db).declare(channel)
    commands_consumer(worker_settings, db).declare(channel)
    channel.queue_purge("imports.on-registry-events")
    connection.close()
    stop = threading.Event()
    relay_and_consumers = worker_loops(worker_settings, db)[:3]
    loops = [*relay_and_consumers, *sender_loops(worker_settings, db)]
    threads = [threading.Thread(target=loop, args=(stop,), daemon=True) for loop in loops]
    for thread in threads:
        thread.start()
    yield stop
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


class Bus:
    """What the registry would do on RabbitMQ, for tests: publish events, answer batches."""

    def __init__(self, amqp_url: str):
        self.amqp_url = amqp_url

    def publish(self, exchange: str, kind: str, data: dict, message_id=None) -> Envelope:
        return _publish(self.amqp_url, exchange, kind, data, message_id)

    def answer(self, command: dict, outcome_of=None, message_id=None, short=False, **extra) -> dict:
        """Publish the registry's answer to one import_batch command; returns its data.
        `short`: plain created rows as [row_no, person_id] pairs, as the registry sends them
        since 2026-11-30 (the full form is what earlier registries send)."""
        data = command["data"]
        outcome_of = outcome_of or (
            lambda row: {"outcome": "created", "person_id": str(uuid.uuid4())}
        )
        outcomes = [
            {"row_no": row["row_no"], "person_id": None, "error": None, **outcome_of(row)}
            for row in data["rows"]
        ]
        reply = {
            "job_id": data["job_id"],
            "batch_no": data["batch_no"],
            "dry_run": data["dry_run"],
            "outcomes": outcomes,
            **extra,
        }
        if short:
            reply["created_rows"] = [
                [o["row_no"], o["person_id"]] for o in outcomes if o["outcome"] == "created"
            ]
            reply["outcomes"] = [o for o in outcomes if o["outcome"] != "created"]
        self.publish(EVENTS_EXCHANGE, "registry.import_batch.processed", reply, message_id)
        return reply


@pytest.fixture(name="bus")
def bus_fixture(settings):
    return Bus(settings.amqp_url)


@pytest.fixture(name="wait_for")
def wait_for_fixture():
    return _wait_for
