"""Shared pieces of the messaging tests: the schema, bounded waits and broker shortcuts."""

from __future__ import annotations

import uuid

import pika
from marshmallow import INCLUDE, Schema
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select

from foyer_shared.contracts import COMMAND, EVENT, Message
from foyer_shared.messaging import (
    EVENTS_EXCHANGE,
    Outbox,
    connect,
    declare_exchanges,
    messaging_tables,
)
from foyer_testing import wait_until

metadata = MetaData()
tables = messaging_tables(metadata)
# What handlers write, so a test can count side effects.
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("message_id", String(36), nullable=False),
    Column("note", String(200), nullable=True),
)


def unique(prefix: str = "test") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def counted_calls(obj, name: str) -> list[None]:
    """Wrap `obj.name` so every call that has finished (returned or raised) adds one item to
    the list returned: a test waits for a loop to have done something, not for time to pass."""
    method, finished = getattr(obj, name), []

    def counting(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        finally:
            finished.append(None)

    setattr(obj, name, counting)
    return finished


def bound_queue(amqp_url: str, routing_key: str, exchange: str = EVENTS_EXCHANGE) -> str:
    """A fresh queue bound to an exchange, to see what the relay really published."""
    queue = unique("probe")
    connection = connect(amqp_url)
    channel = connection.channel()
    declare_exchanges(channel)
    channel.queue_declare(queue, durable=False, auto_delete=False)
    channel.queue_bind(queue, exchange, routing_key=routing_key)
    connection.close()
    return queue


def drain(amqp_url: str, queue: str, expected: int, timeout: float = 10.0):
    """Take messages until `expected` arrived, then whatever else is on the queue. Call it once
    the publishes are confirmed (the relay returned, or marked its rows published): a confirmed
    message is already on its queue, so a duplicate is caught without waiting for it."""
    connection = connect(amqp_url)
    channel = connection.channel()
    got: list[tuple] = []

    def take_all() -> bool:
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return len(got) >= expected
            got.append((properties, body))

    try:
        wait_until(take_all, timeout, message=f"{expected} messages in {queue}")
        take_all()
    finally:
        connection.close()
    return got


def publish_raw(amqp_url: str, exchange: str, routing_key: str, body: bytes, **props) -> None:
    connection = connect(amqp_url)
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(
        exchange,
        routing_key,
        body,
        properties=pika.BasicProperties(delivery_mode=2, **props),
    )
    connection.close()


def count(db, table, *where) -> int:
    with db.read_only() as session:
        return session.scalar(select(func.count()).select_from(table).where(*where))


class _Open(Schema):
    class Meta:
        unknown = INCLUDE


class MadeUpOutbox(Outbox):
    """The outbox with names made up per test (the mechanics, not a service's contract):
    each name is declared on the spot with an open schema."""

    def event(self, session, type, data, correlation_id=None):
        return super().event(session, _made_up(type, EVENT), data, correlation_id)

    def command(self, session, name, data, correlation_id=None):
        return super().command(session, _made_up(name, COMMAND), data, correlation_id)

    def events(self, session, type, datas, correlation_id=None):
        return super().events(session, _made_up(type, EVENT), datas, correlation_id)

    def commands(self, session, name, datas, correlation_id=None):
        return super().commands(session, _made_up(name, COMMAND), datas, correlation_id)


def _made_up(name: str, kind: str) -> Message:
    return Message(name, 1, _Open, kind, "tests")
