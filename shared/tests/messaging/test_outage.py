"""A broker outage delays messages; it never loses or duplicates them."""

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
from sqlalchemy import insert
from tcp_proxy import TcpProxy

from foyer_shared.messaging import EVENTS_EXCHANGE, Consumer, OutboxRelay
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
