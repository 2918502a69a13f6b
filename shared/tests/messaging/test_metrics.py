"""What operators read at night: consumer outcomes, outbox backlog and a worker's /metrics port
(docs/operations.md → Metrics), against the real broker and database."""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta

import requests
from messaging_support import effects, publish_raw, tables, unique
from prometheus_client import REGISTRY
from sqlalchemy import insert

from foyer_shared.db import utcnow
from foyer_shared.envelope import Envelope
from foyer_shared.messaging import EVENTS_EXCHANGE, Consumer, OutboxRelay, connect
from foyer_shared.metrics import OutboxBacklog, serve_process_metrics, watch_outbox
from foyer_shared.settings import ServiceSettings
from foyer_testing import wait_until

TYPE = "tests.metric.happened"


def _handled(queue: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "foyer_consumer_handled_total", {"queue": queue, "outcome": outcome}
    )
    return value or 0.0


def _consumer(db, amqp_url, start_loop, **options) -> Consumer:
    def handle(session, envelope):
        if envelope.data.get("poison"):
            raise RuntimeError("cannot")
        session.execute(insert(effects).values(message_id=envelope.id))

    consumer = Consumer(
        db,
        tables,
        amqp_url,
        unique("tests.metrics"),
        [(EVENTS_EXCHANGE, TYPE)],
        {TYPE: handle},
        **options,
    )
    connection = connect(amqp_url)
    consumer.declare(connection.channel())
    connection.close()
    start_loop(consumer.run)
    return consumer


def _send(amqp_url, queue: str, envelope: Envelope) -> None:
    publish_raw(amqp_url, "", queue, envelope.to_bytes(), message_id=envelope.id)


def test_a_consumer_counts_each_outcome(db, amqp_url, start_loop):
    consumer = _consumer(db, amqp_url, start_loop, max_attempts=2, retry_delays=(0.2,))
    queue = consumer.queue
    good = Envelope(type=TYPE, source="tests", data={})
    poison = Envelope(type=TYPE, source="tests", data={"poison": True})
    for message in (good, good, poison):
        _send(amqp_url, queue, message)
    publish_raw(amqp_url, "", queue, b"{not json", message_id="bad")
    wait_until(lambda: _handled(queue, "parked") == 2, message="poison and bad not parked")
    assert _handled(queue, "handled") == 1
    assert _handled(queue, "duplicate") == 1
    assert _handled(queue, "retried") == 1  # the poison's first attempt; the second parks it
    timed = REGISTRY.get_sample_value("foyer_consumer_handle_seconds_count", {"queue": queue})
    assert timed == 2  # handled and duplicate; failures are counted, not timed


def test_the_outbox_backlog_is_its_count_and_the_age_of_the_oldest_row(db):
    backlog = OutboxBacklog()
    backlog.watch("tests", db, tables.outbox)
    assert _gauges(backlog) == {"foyer_outbox_unpublished": 0, "foyer_outbox_oldest_seconds": 0}
    now = utcnow()
    rows = [
        (now - timedelta(seconds=120), None),
        (now - timedelta(seconds=5), None),
        (now - timedelta(seconds=600), now),  # published: not backlog
    ]
    with db.transaction() as session:
        for created, published in rows:
            session.execute(
                insert(tables.outbox).values(
                    id=str(uuid.uuid4()),
                    exchange=EVENTS_EXCHANGE,
                    routing_key=TYPE,
                    body="{}",
                    created_at=created,
                    published_at=published,
                    attempts=0,
                )
            )
    found = _gauges(backlog)
    assert found["foyer_outbox_unpublished"] == 2
    assert 119 <= found["foyer_outbox_oldest_seconds"] < 200


def test_the_relay_counts_what_the_broker_confirmed(db, amqp_url):
    relay = OutboxRelay(db, tables, amqp_url, service="metrics-test")
    before = _published("metrics-test")
    with db.transaction() as session:
        for _ in range(3):
            session.execute(
                insert(tables.outbox).values(
                    id=str(uuid.uuid4()),
                    exchange=EVENTS_EXCHANGE,
                    routing_key=TYPE,
                    body=Envelope(type=TYPE, source="tests", data={}).to_bytes().decode(),
                    created_at=utcnow(),
                    attempts=0,
                )
            )
    try:
        assert relay.publish_pending() == 3
    finally:
        relay.close()
    assert _published("metrics-test") == before + 3


def test_a_worker_serves_its_metrics_on_its_port(db):
    watch_outbox("port-test", db, tables.outbox)
    port = _free_port()
    stop = serve_process_metrics(port, host="127.0.0.1")
    try:
        text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    finally:
        stop()
    assert 'foyer_outbox_unpublished{service="port-test"} 0.0' in text
    assert "foyer_consumer_handled_total" in text
    assert serve_process_metrics(0) is None  # `make up`: no port, nothing served


def test_settings_read_the_metrics_port():
    settings = ServiceSettings.from_env("crm", {"FOYER_METRICS_PORT": "9100"})
    assert settings.metrics_port == 9100
    assert ServiceSettings.from_env("crm", {}).metrics_port == 0


def _published(service: str) -> float:
    value = REGISTRY.get_sample_value("foyer_outbox_published_total", {"service": service})
    return value or 0.0


def _gauges(collector, service: str = "tests") -> dict[str, float]:
    return {
        family.name: sample.value
        for family in collector.collect()
        for sample in family.samples
        if sample.labels == {"service": service}
    }


def test_several_services_in_one_process_each_report_their_backlog(db):
    """Tests (and `make up` never, but a process could) watch two outboxes: both are listed,
    and an unreadable one is left out instead of reported as empty."""
    from foyer_shared.db import Database

    backlog = OutboxBacklog()
    backlog.watch("one", db, tables.outbox)
    backlog.watch("two", db, tables.outbox)
    backlog.watch("gone", Database("postgresql://nobody@127.0.0.1:1/none"), tables.outbox)
    assert _gauges(backlog, "one") == _gauges(backlog, "two")
    assert _gauges(backlog, "one")["foyer_outbox_unpublished"] == 0
    assert _gauges(backlog, "gone") == {}
    watch_outbox("one", db, tables.outbox)
    watch_outbox("one", db, tables.outbox)  # again, as a second app in the same process does


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
