"""A broker outage delays messages; it never loses or duplicates them, even mid-batch."""

from __future__ import annotations

import urllib.parse

import pytest
from messaging_support import (
    MadeUpOutbox,
    bound_queue,
    count,
    counted_calls,
    drain,
    effects,
    tables,
    unique,
)
from sqlalchemy import insert, select
from tcp_proxy import TcpProxy

from foyer_shared.messaging import (
    COMMANDS_EXCHANGE,
    EVENTS_EXCHANGE,
    Consumer,
    OutboxRelay,
    connect,
)
from foyer_testing import wait_until

outbox = MadeUpOutbox(tables, source="tests")


@pytest.fixture
def proxy():
    proxy = TcpProxy("127.0.0.1", 5672)
    yield proxy
    proxy.close()


def _through(proxy: TcpProxy, amqp_url: str) -> str:
    parts = urllib.parse.urlsplit(amqp_url)
    return parts._replace(netloc=f"guest:guest@127.0.0.1:{proxy.port}").geturl()


def _unpublished(db) -> int:
    return count(db, tables.outbox, tables.outbox.c.published_at.is_(None))


def test_rows_survive_an_outage_and_arrive_once(db, amqp_url, proxy, start_loop):
    event_type = f"tests.{unique('outage')}.happened"
    probe = bound_queue(amqp_url, event_type)
    seen: list[str] = []

    def handle(session, envelope):
        seen.append(envelope.id)
        session.execute(insert(effects).values(message_id=envelope.id))

    consumer = Consumer(
        db,
        tables,
        amqp_url,
        unique("tests.outage"),
        [(EVENTS_EXCHANGE, event_type)],
        {event_type: handle},
    )
    start_loop(consumer.run)
    relay = OutboxRelay(db, tables, _through(proxy, amqp_url), poll_seconds=0.05)
    relay.publish_pending()  # connected through the proxy before the cut

    proxy.cut()
    with db.transaction() as session:
        ids = {outbox.event(session, event_type, {"n": n}).id for n in range(20)}
    with pytest.raises(Exception):  # noqa: B017 - pika's error type varies with the moment
        relay.publish_pending()
    assert _unpublished(db) == 20
    # The run loop rides out the outage without crashing and without marking anything.
    attempts = counted_calls(relay, "publish_pending")
    thread = start_loop(relay.run)
    wait_until(lambda: len(attempts) >= 2, message="two tries (a back-off between) while away")
    assert thread.is_alive() and _unpublished(db) == 20

    proxy.restore()
    wait_until(lambda: _unpublished(db) == 0, 15, message="relay did not recover")
    received = [properties.message_id for properties, _ in drain(amqp_url, probe, 20)]
    assert sorted(received) == sorted(ids)
    wait_until(lambda: count(db, effects) == 20, 10, message="consumer did not get all 20")
    assert sorted(seen) == sorted(ids)  # each handled exactly once


def _cut_after_confirms(relay: OutboxRelay, proxy: TcpProxy, confirmed: int) -> None:
    """Drop the link in the middle of the relay's next batch: once the broker has confirmed
    the first `confirmed` messages, before the rest are published."""
    relay._ensure_channel()  # noqa: SLF001 - the test reaches into the batch it breaks
    publisher = relay._publisher  # noqa: SLF001
    publish, calls = publisher._impl.basic_publish, []  # noqa: SLF001

    def cutting(*args, **kwargs):
        calls.append(None)
        if len(calls) == confirmed + 1:
            wait_until(lambda: _settled(relay, publisher) >= confirmed, message="first confirms")
            proxy.cut()
        return publish(*args, **kwargs)

    publisher._impl.basic_publish = cutting  # noqa: SLF001


def _settled(relay: OutboxRelay, publisher) -> int:
    relay._connection.process_data_events(time_limit=0)  # noqa: SLF001 - take the confirms
    return publisher._settled_upto  # noqa: SLF001


def test_a_link_lost_mid_batch_marks_only_what_the_broker_confirmed(db, amqp_url, proxy):
    event_type = f"tests.{unique('midbatch')}.happened"
    probe = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        ids = {e.id for e in outbox.events(session, event_type, [{"n": n} for n in range(200)])}
    relay = OutboxRelay(db, tables, _through(proxy, amqp_url), batch_size=200)
    _cut_after_confirms(relay, proxy, 80)
    with pytest.raises(Exception):  # noqa: B017 - pika's error type varies with the moment
        relay.publish_pending()
    assert _unpublished(db) == 120  # the 80 confirmed are marked, the rest wait
    first = {properties.message_id for properties, _ in drain(amqp_url, probe, 80)}
    published = tables.outbox.c.published_at.isnot(None)
    with db.read_only() as session:
        marked = set(session.scalars(select(tables.outbox.c.id).where(published)))
    assert marked <= first  # nothing marked that the broker did not have

    proxy.restore()
    try:
        assert relay.publish_pending() == 120
    finally:
        relay.close()
    rest = [properties.message_id for properties, _ in drain(amqp_url, probe, 120)]
    assert first | set(rest) == ids and not marked & set(rest)  # the marked ones never again


def test_a_refused_batch_marks_none_of_the_refused(db, amqp_url):
    full = unique("tests.full")
    connection = connect(amqp_url)
    channel = connection.channel()
    channel.queue_declare(full, arguments={"x-max-length": 0, "x-overflow": "reject-publish"})
    channel.queue_bind(full, COMMANDS_EXCHANGE, routing_key=full)
    connection.close()
    event_type = f"tests.{unique('mixed')}.happened"
    probe = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        refused = outbox.commands(session, full, [{"n": n} for n in range(100)])
        accepted = outbox.events(session, event_type, [{"n": n} for n in range(100)])
    relay = OutboxRelay(db, tables, amqp_url, batch_size=500)
    try:
        assert relay.publish_pending() == 100
    finally:
        relay.close()
    unsent = tables.outbox.c.published_at.is_(None)
    with db.read_only() as session:
        waiting = set(session.scalars(select(tables.outbox.c.id).where(unsent)))
    assert waiting == {envelope.id for envelope in refused}
    received = {properties.message_id for properties, _ in drain(amqp_url, probe, 100)}
    assert received == {envelope.id for envelope in accepted}
