"""The real consumer on RabbitMQ: a registry event published to foyer.events becomes a contact."""

from __future__ import annotations

import threading
import time

import pika
import pytest
from sqlalchemy import select

from crm.models import Contact
from crm.worker import registry_consumer
from foyer_shared.messaging import EVENTS_EXCHANGE, connect


def publish(amqp_url: str, envelope) -> None:
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            EVENTS_EXCHANGE, envelope.type, envelope.to_bytes(),
            properties=pika.BasicProperties(
                delivery_mode=pika.DeliveryMode.Persistent, content_type="application/json",
                message_id=envelope.id, type=envelope.type,
            ),
            mandatory=True,  # raises if the queue were not bound: the test would be meaningless
        )
    finally:
        connection.close()


def wait_for(probe, timeout: float = 15.0):
    """Poll until `probe()` returns something truthy, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.05)
    pytest.fail(f"nothing after {timeout}s")


def contact_of(db, person_id: str, **expected):
    def probe():
        with db.read_only() as session:
            contact = session.scalars(select(Contact).where(Contact.person_id == person_id)).first()
        if contact and all(getattr(contact, k) == v for k, v in expected.items()):
            return contact
        return None

    return probe


@pytest.fixture()
def running_consumer(settings, db):
    consumer = registry_consumer(settings, db)
    # Declared before publishing, so the event is routed even if the thread starts late.
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


def test_person_created_then_updated_reaches_the_contact(
    settings, db, running_consumer, events
):
    created = events.person_created()
    person_id = created.data["person_id"]
    publish(settings.amqp_url, created)
    contact = wait_for(contact_of(db, person_id))
    assert (contact.status, contact.last_name) == ("prospect", "Lindström")

    publish(settings.amqp_url, events.person_updated(person_id, last_name="Berg"))
    wait_for(contact_of(db, person_id, last_name="Berg"))
