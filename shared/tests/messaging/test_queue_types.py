"""FOYER_QUEUE_TYPE: classic queues as before, or quorum queues with a delivery limit that
dead-letter into `<queue>.parked` (docs/messaging.md → Queue types)."""

from __future__ import annotations

import pika
import pika.exceptions
import pytest
from messaging_support import count, effects, publish_raw, tables, unique
from sqlalchemy import insert

from foyer_shared.envelope import Envelope
from foyer_shared.messaging import EVENTS_EXCHANGE, Consumer, connect
from foyer_shared.messaging.consumer import queue_arguments
from foyer_shared.settings import ServiceSettings
from foyer_testing import wait_until

TYPE = "tests.quorum.happened"


def test_classic_queues_keep_the_arguments_they_always_had():
    main, retry, parked = queue_arguments("crm.on-x")
    assert main == {} and parked == {}
    assert retry == {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": "crm.on-x"}


def test_quorum_queues_limit_deliveries_and_park_what_exceeds_it():
    main, retry, parked = queue_arguments("crm.on-x", "quorum", delivery_limit=7)
    assert main["x-queue-type"] == retry["x-queue-type"] == parked["x-queue-type"] == "quorum"
    assert main["x-delivery-limit"] == 7
    assert main["x-dead-letter-routing-key"] == "crm.on-x.parked"
    assert main["x-dead-letter-strategy"] == "at-least-once"
    assert retry["x-dead-letter-routing-key"] == "crm.on-x"


def test_an_unknown_queue_type_is_refused():
    with pytest.raises(ValueError):
        queue_arguments("q", "stream")
    with pytest.raises(ValueError, match="FOYER_QUEUE_TYPE"):
        ServiceSettings.from_env("tests", env={"FOYER_QUEUE_TYPE": "mirrored"})
    assert ServiceSettings.from_env("tests", env={}).queue_type == "classic"


def _quorum_consumer(db, amqp_url, handle, **options) -> Consumer:
    consumer = Consumer(
        db,
        tables,
        amqp_url,
        unique("tests.quorum"),
        [(EVENTS_EXCHANGE, TYPE)],
        {TYPE: handle},
        queue_type="quorum",
        **options,
    )
    connection = connect(amqp_url)
    consumer.declare(connection.channel())
    connection.close()
    return consumer


def _send(amqp_url, queue: str, envelope: Envelope) -> None:
    publish_raw(amqp_url, "", queue, envelope.to_bytes(), message_id=envelope.id, type=TYPE)


def _parked(amqp_url, queue):
    connection = connect(amqp_url)
    try:
        method, properties, body = connection.channel().basic_get(f"{queue}.parked", True)
    finally:
        connection.close()
    return (properties, body) if method else None


def test_the_queues_are_quorum_queues(db, amqp_url):
    consumer = _quorum_consumer(db, amqp_url, lambda session, envelope: None)
    connection = connect(amqp_url)
    try:
        with pytest.raises(pika.exceptions.ChannelClosedByBroker) as refused:
            connection.channel().queue_declare(consumer.queue, durable=True)  # as classic
        assert refused.value.reply_code == 406  # PRECONDITION_FAILED: it is another type
    finally:
        connection.close()


def test_a_failing_message_is_retried_then_parked_on_quorum_queues(db, amqp_url, start_loop):
    def handle(session, envelope):
        session.execute(insert(effects).values(message_id=envelope.id))
        if envelope.data.get("poison"):
            raise RuntimeError("cannot")

    consumer = _quorum_consumer(db, amqp_url, handle, max_attempts=3, retry_delays=(0.2,))
    start_loop(consumer.run)
    poison = Envelope(type=TYPE, source="tests", data={"poison": True})
    good = Envelope(type=TYPE, source="tests", data={})
    _send(amqp_url, consumer.queue, poison)
    _send(amqp_url, consumer.queue, good)
    properties, body = wait_until(lambda: _parked(amqp_url, consumer.queue), message="not parked")
    assert body == poison.to_bytes()
    assert properties.headers["x-foyer-attempts"] == 3  # the retry queue's TTL worked
    assert count(db, effects, effects.c.message_id == good.id) == 1


def test_a_message_whose_consumer_keeps_dying_is_parked_by_the_broker(db, amqp_url):
    """No ack and no retry of ours: what a consumer killed mid-message (OOM) leaves behind."""
    consumer = _quorum_consumer(db, amqp_url, lambda session, envelope: None, delivery_limit=2)
    envelope = Envelope(type=TYPE, source="tests", data={})
    _send(amqp_url, consumer.queue, envelope)
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        deliveries = 0
        for _ in range(10):
            method, _properties, _body = channel.basic_get(consumer.queue, auto_ack=False)
            if method is None:
                break
            deliveries += 1
            channel.basic_nack(method.delivery_tag, requeue=True)
    finally:
        connection.close()
    assert deliveries == 3  # the first delivery and two more
    properties, body = wait_until(lambda: _parked(amqp_url, consumer.queue), message="not parked")
    assert body == envelope.to_bytes()
    assert properties.headers["x-death"][0]["reason"] == "delivery_limit"


def test_parked_messages_replay_into_a_quorum_queue(db, amqp_url):
    from foyer_shared.messaging.parked import replay_parked

    consumer = _quorum_consumer(db, amqp_url, lambda session, envelope: None)
    envelope = Envelope(type=TYPE, source="tests", data={})
    _send(amqp_url, f"{consumer.queue}.parked", envelope)
    assert replay_parked(amqp_url, consumer.queue) == 1
    connection = connect(amqp_url)
    try:
        method, properties, body = connection.channel().basic_get(consumer.queue, True)
    finally:
        connection.close()
    assert body == envelope.to_bytes()
    assert isinstance(properties, pika.BasicProperties)
