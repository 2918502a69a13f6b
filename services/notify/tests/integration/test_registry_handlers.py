"""Erasure, merge and GDPR export in notify: handlers on PostgreSQL, consumers on RabbitMQ."""

from __future__ import annotations

import json
import threading
import time

import pika
import pytest
from sqlalchemy import select

from foyer_shared.db import new_id
from foyer_shared.envelope import Envelope
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, connect
from notify import handlers
from notify.models import Message, messaging
from notify.worker import commands_consumer, registry_consumer


def message(db, person_id, to="asa@example.se", subject="Välkommen"):
    with db.transaction() as session:
        session.add(Message(person_id=person_id, channel="email", to_address=to,
                            subject=subject))


def messages(db) -> list[Message]:
    with db.read_only() as session:
        return list(session.scalars(select(Message).order_by(Message.to_address)))


def apply(db, handler, type_, **data) -> None:
    with db.transaction() as session:
        handler(session, Envelope(type=type_, source="registry", data=data))


def outbox(db) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    return [json.loads(r.body) for r in rows]


def test_deleted_person_is_anonymised_others_untouched(db):
    gone, stays = new_id(), new_id()
    message(db, gone)
    message(db, stays, to="kim@example.se")
    apply(db, handlers.on_person_deleted, "registry.person.deleted", person_id=gone)
    apply(db, handlers.on_person_deleted, "registry.person.deleted", person_id=gone)
    erased, kept = messages(db)
    assert (erased.to_address, erased.subject, erased.person_id) == ("(erased)", None, None)
    assert (kept.to_address, kept.person_id) == ("kim@example.se", stays)


def test_merged_person_messages_follow_the_kept_id(db):
    kept, removed = new_id(), new_id()
    message(db, removed)
    apply(db, handlers.on_person_merged, "registry.person.merged", kept_id=kept,
          removed_id=removed)
    assert [m.person_id for m in messages(db)] == [kept]


def test_export_command_answers_with_the_persons_messages(db):
    person, other = new_id(), new_id()
    message(db, person)
    message(db, other, to="other@example.se")
    apply(db, handlers.on_export_requested, "notify.export_personal_data",
          export_id="e1", person_id=person)
    [answer] = outbox(db)
    assert answer["type"] == "notify.personal_data.exported"
    assert answer["data"]["export_id"] == "e1" and answer["data"]["person_id"] == person
    assert [m["to_address"] for m in answer["data"]["data"]["messages"]] == ["asa@example.se"]


def publish(amqp_url: str, exchange: str, envelope: Envelope) -> None:
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(
            exchange, envelope.type, envelope.to_bytes(),
            properties=pika.BasicProperties(delivery_mode=2, message_id=envelope.id),
            mandatory=True,  # fails unless notify bound this routing key
        )
    finally:
        connection.close()


def wait_for(probe, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if probe():
            return
        time.sleep(0.05)
    pytest.fail(f"nothing after {timeout}s")


@pytest.fixture()
def running(settings, db):
    consumers = [registry_consumer(settings, db), commands_consumer(settings, db)]
    connection = connect(settings.amqp_url)
    for consumer in consumers:
        consumer.declare(connection.channel())
    connection.close()
    stop = threading.Event()
    threads = [threading.Thread(target=c.run, args=(stop,), daemon=True) for c in consumers]
    for thread in threads:
        thread.start()
    yield
    stop.set()
    for thread in threads:
        thread.join(timeout=10)


def test_deletion_and_export_through_rabbitmq(settings, db, running):
    person = new_id()
    message(db, person)
    publish(settings.amqp_url, COMMANDS_EXCHANGE, Envelope(
        type="notify.export_personal_data", source="registry",
        data={"export_id": "e2", "person_id": person}))
    wait_for(lambda: outbox(db))
    publish(settings.amqp_url, EVENTS_EXCHANGE, Envelope(
        type="registry.person.deleted", source="registry", data={"person_id": person}))
    wait_for(lambda: messages(db)[0].to_address == "(erased)")
