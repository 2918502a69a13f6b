"""The consumer: idempotent handling, retry then park for poison, invalid bodies parked at once."""

from __future__ import annotations

import logging
import threading

import pytest
from messaging_support import count, effects, publish_raw, tables, unique
from sqlalchemy import insert, select

from foyer_shared.envelope import Envelope
from foyer_shared.logging import request_id_var
from foyer_shared.messaging import EVENTS_EXCHANGE, Consumer, connect
from foyer_testing import wait_until

TYPE = "tests.thing.happened"


@pytest.fixture
def calls():
    return []


@pytest.fixture
def make_consumer(db, amqp_url, calls, start_loop):
    """Start a consumer whose handler records each call and writes one effect row."""

    def make(fail_when=lambda envelope: False, **options) -> Consumer:
        def handle(session, envelope):
            calls.append((envelope.id, request_id_var.get()))
            session.execute(insert(effects).values(message_id=envelope.id))
            if fail_when(envelope):  # after the write: the rollback must undo it
                raise RuntimeError(f"cannot handle {envelope.data}")

        consumer = Consumer(
            db,
            tables,
            amqp_url,
            unique("tests.consumer"),
            [(EVENTS_EXCHANGE, TYPE)],
            {TYPE: handle},
            **options,
        )
        connection = connect(amqp_url)
        consumer.declare(connection.channel())  # bound before anything is published
        connection.close()
        start_loop(consumer.run)
        return consumer

    return make


def _send(amqp_url, consumer, envelope: Envelope) -> None:
    publish_raw(
        amqp_url,
        "",
        consumer.queue,
        envelope.to_bytes(),
        message_id=envelope.id,
        type=envelope.type,
        content_type="application/json",
    )


def _effects(db, message_id) -> int:
    return count(db, effects, effects.c.message_id == message_id)


def _get_parked(amqp_url, queue):
    """(method, properties, body) of the next parked message, or None."""
    connection = connect(amqp_url)
    try:
        got = connection.channel().basic_get(f"{queue}.parked", auto_ack=True)
    finally:
        connection.close()
    return got if got[0] is not None else None


def test_duplicate_delivery_has_one_effect(db, amqp_url, calls, make_consumer):
    consumer = make_consumer()
    envelope = Envelope(type=TYPE, source="tests", data={}, correlation_id="corr-42")
    sentinel = Envelope(type=TYPE, source="tests", data={})
    for message in (envelope, envelope, sentinel):
        _send(amqp_url, consumer, message)
    # One consumer handles in order: once the sentinel is done, both copies were seen.
    wait_until(lambda: _effects(db, sentinel.id) == 1, message="sentinel not handled")
    assert _effects(db, envelope.id) == 1
    assert calls.count((envelope.id, "corr-42")) == 1  # handler ran once, with the correlation id
    with db.read_only() as session:
        inbox = session.execute(select(tables.inbox.c.consumer)).scalars().all()
    assert inbox == [consumer.queue, consumer.queue]


def test_poison_message_is_parked_while_the_queue_flows(db, amqp_url, calls, make_consumer):
    consumer = make_consumer(
        lambda envelope: envelope.data.get("poison"), max_attempts=3, retry_delays=(0.2, 0.2)
    )
    poison = Envelope(type=TYPE, source="tests", data={"poison": True})
    good = [Envelope(type=TYPE, source="tests", data={"n": n}) for n in range(3)]
    for message in (poison, *good):
        _send(amqp_url, consumer, message)
    wait_until(lambda: all(_effects(db, m.id) == 1 for m in good), message="good not handled")
    method, properties, body = wait_until(
        lambda: _get_parked(amqp_url, consumer.queue), message="poison not parked"
    )
    assert body == poison.to_bytes() and properties.message_id == poison.id
    assert properties.headers["x-foyer-attempts"] == 3
    assert properties.headers["x-foyer-error"].startswith("RuntimeError: cannot handle")
    handled = [message_id for message_id, _ in calls]
    assert handled.count(poison.id) == 3
    # The good messages did not wait for the poison's retries to run out.
    last_poison = len(handled) - 1 - handled[::-1].index(poison.id)
    assert all(handled.index(m.id) < last_poison for m in good)
    assert _effects(db, poison.id) == 0  # every failed attempt was rolled back


def test_invalid_json_is_parked_at_once(db, amqp_url, calls, make_consumer):
    consumer = make_consumer()
    publish_raw(amqp_url, "", consumer.queue, b"{not json", message_id="bad-1")
    bad_date = Envelope(type=TYPE, source="tests", data={}, occurred_at="yesterday")
    _send(amqp_url, consumer, bad_date)
    after = Envelope(type=TYPE, source="tests", data={})
    _send(amqp_url, consumer, after)
    wait_until(lambda: _effects(db, after.id) == 1, message="queue stopped after a bad message")
    method, properties, body = wait_until(
        lambda: _get_parked(amqp_url, consumer.queue), message="bad message not parked"
    )
    assert body == b"{not json" and properties.headers["x-foyer-attempts"] == 1
    assert "invalid envelope" in properties.headers["x-foyer-error"]
    method, properties, body = wait_until(lambda: _get_parked(amqp_url, consumer.queue))
    assert properties.message_id == bad_date.id and properties.headers["x-foyer-attempts"] == 1
    assert [message_id for message_id, _ in calls] == [after.id]


def test_type_without_handler_is_acked_and_ignored(db, amqp_url, calls, make_consumer):
    consumer = make_consumer()
    other = Envelope(type="tests.other.happened", source="tests", data={})
    after = Envelope(type=TYPE, source="tests", data={})
    _send(amqp_url, consumer, other)
    _send(amqp_url, consumer, after)
    wait_until(lambda: _effects(db, after.id) == 1)
    connection = connect(amqp_url)
    channel = connection.channel()
    declared = channel.queue_declare(consumer.queue, passive=True)
    connection.close()
    assert declared.method.message_count == 0
    assert _get_parked(amqp_url, consumer.queue) is None
    assert [message_id for message_id, _ in calls] == [after.id]


def test_a_message_two_consumers_handle_at_once_is_applied_once_without_an_error(
    db, amqp_url, start_loop, caplog
):
    """A connection lost mid-handler: the broker gives the message to the queue's other
    consumer (registry.commands has two) while the first is still applying it. The one that
    commits second finds the inbox record: a duplicate, not a failure to retry and log as
    an ERROR (operators alert on those; a broker restart must not raise one)."""
    caplog.set_level(logging.INFO, logger="foyer_shared.messaging.consumer")
    both_in_hand = threading.Barrier(2)
    calls = []

    def handle(session, envelope):
        calls.append(envelope.id)
        session.execute(insert(effects).values(message_id=envelope.id))
        both_in_hand.wait(timeout=10)  # neither has committed yet

    queue = unique("tests.consumer")
    consumers = [
        Consumer(
            db,
            tables,
            amqp_url,
            queue,
            [(EVENTS_EXCHANGE, TYPE)],
            {TYPE: handle},
            prefetch=1,
            retry_delays=(0.2,),
        )
        for _ in range(2)
    ]
    connection = connect(amqp_url)
    consumers[0].declare(connection.channel())
    connection.close()
    for consumer in consumers:
        start_loop(consumer.run)
    envelope = Envelope(type=TYPE, source="tests", data={})
    for _ in range(2):  # the copy the broker redelivers, as a second message
        _send(amqp_url, consumers[0], envelope)

    def outcome():
        return [
            record
            for record in caplog.records
            if record.levelno >= logging.ERROR or "duplicate" in record.getMessage()
        ]

    wait_until(outcome, message="the second copy was neither ignored nor failed")
    assert [record.getMessage() for record in outcome() if record.levelno >= logging.ERROR] == []
    assert calls == [envelope.id, envelope.id]
    assert _effects(db, envelope.id) == 1


def test_a_version_the_handler_does_not_accept_is_parked_at_once(
    db, amqp_url, calls, make_consumer
):
    # The handler declares nothing: it accepts version 1 only (a publisher went ahead).
    consumer = make_consumer()
    newer = Envelope(type=TYPE, source="tests", data={}, schema=2)
    after = Envelope(type=TYPE, source="tests", data={}, schema=1)
    _send(amqp_url, consumer, newer)
    _send(amqp_url, consumer, after)
    wait_until(lambda: _effects(db, after.id) == 1, message="queue stopped after a new version")
    method, properties, body = wait_until(
        lambda: _get_parked(amqp_url, consumer.queue), message="new version not parked"
    )
    assert properties.message_id == newer.id and properties.headers["x-foyer-attempts"] == 1
    assert "version 2 not accepted" in properties.headers["x-foyer-error"]
    assert [message_id for message_id, _ in calls] == [after.id]
