"""The real consumer on RabbitMQ: registry events and the export command reach identity once."""

from __future__ import annotations

import threading
import time
import uuid

import pika
import pytest

from foyer_shared.envelope import Envelope
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, connect
from identity import accounts
from identity.models import User
from identity.worker import registry_consumer


def publish(amqp_url, exchange, message: Envelope) -> None:
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            exchange, message.type, message.to_bytes(),
            properties=pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent,
                                            message_id=message.id, type=message.type),
            mandatory=True,  # raises if nothing is bound: the test would be meaningless
        )
    finally:
        connection.close()


def wait_for(probe, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"nothing after {timeout}s")


@pytest.fixture()
def running_consumer(settings, db):
    consumer = registry_consumer(settings, db)
    connection = connect(settings.amqp_url)
    consumer.declare(connection.channel())
    connection.close()
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    yield consumer
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_merge_event_moves_the_account_once_even_when_redelivered(settings, db, api,
                                                                   running_consumer):
    kept, removed = str(uuid.uuid4()), str(uuid.uuid4())
    user = accounts.create_user(db, username="anna.berg", password="a-long-passphrase-1",
                                email="a@example.se", role_names=["member"], person_id=removed)
    merged = Envelope(type="registry.person.merged", source="registry",
                      data={"kept_id": kept, "removed_id": removed})
    publish(settings.amqp_url, EVENTS_EXCHANGE, merged)
    publish(settings.amqp_url, EVENTS_EXCHANGE, merged)  # the same message id again

    def moved():
        with db.read_only() as session:
            return session.get(User, user.id).person_id == kept
    wait_for(moved)
    export = Envelope(type="identity.export_personal_data", source="registry",
                      data={"export_id": "e-1", "person_id": kept})
    publish(settings.amqp_url, COMMANDS_EXCHANGE, export)
    exported = wait_for(lambda: api.events("identity.personal_data.exported"))
    # By the time the later command is done, the duplicate has been seen and skipped.
    assert len(api.audit("user.person_moved")) == 1
    assert exported[0]["data"]["data"]["accounts"][0]["user_id"] == user.id
