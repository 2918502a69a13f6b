"""The relay marks a row published only once the broker confirmed it; several relays are safe."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from messaging_support import (
    MadeUpOutbox,
    bound_queue,
    count,
    counted_calls,
    drain,
    metadata,
    tables,
    unique,
)
from sqlalchemy import select

from foyer_shared.db import Database, utcnow
from foyer_shared.messaging import COMMANDS_EXCHANGE, OutboxRelay, connect
from foyer_shared.messaging.outbox import OUTBOX_CHANNEL
from foyer_testing import listening, wait_until

outbox = MadeUpOutbox(tables, source="tests")


def _row(db, message_id):
    with db.read_only() as session:
        return session.execute(select(tables.outbox).where(tables.outbox.c.id == message_id)).one()


def test_publishes_with_properties_and_marks_after_ack(db, amqp_url):
    event_type = f"tests.{unique('relay')}.happened"
    queue = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        envelope = outbox.event(session, event_type, {"n": 1})
    relay = OutboxRelay(db, tables, amqp_url)
    try:
        assert relay.publish_pending() == 1
        assert relay.publish_pending() == 0  # marked: never sent twice
    finally:
        relay.close()
    assert _row(db, envelope.id).published_at is not None
    [(properties, body)] = drain(amqp_url, queue, 1)
    assert body.decode() == envelope.to_json()
    assert properties.message_id == envelope.id and properties.type == event_type
    assert properties.delivery_mode == 2 and properties.content_type == "application/json"


def test_refused_publish_leaves_row_unpublished(db, amqp_url):
    # A queue that rejects every publish makes the broker nack instead of ack.
    name = unique("tests.full")
    connection = connect(amqp_url)
    channel = connection.channel()
    channel.queue_declare(name, arguments={"x-max-length": 0, "x-overflow": "reject-publish"})
    channel.queue_bind(name, COMMANDS_EXCHANGE, routing_key=name)
    connection.close()
    with db.transaction() as session:
        refused = outbox.command(session, name, {})
        event = outbox.event(session, f"tests.{unique()}.happened", {})  # nobody listens
    relay = OutboxRelay(db, tables, amqp_url)
    try:
        assert relay.publish_pending() == 1  # the unroutable event counts as published
    finally:
        relay.close()
    row = _row(db, refused.id)
    assert row.published_at is None and row.attempts == 1
    assert row.next_attempt_at > utcnow() and "nack" in row.last_error
    assert _row(db, event.id).published_at is not None


def test_unroutable_command_is_kept_and_backed_off(db, amqp_url):
    with db.transaction() as session:
        command = outbox.command(session, unique("nobody.listens"), {})
    relay = OutboxRelay(db, tables, amqp_url)
    try:
        assert relay.publish_pending() == 0
        row = _row(db, command.id)
        assert row.published_at is None and row.attempts == 1 and row.last_error
        assert row.next_attempt_at > utcnow()
        assert relay.publish_pending() == 0  # not due yet: not even tried
        assert _row(db, command.id).attempts == 1
    finally:
        relay.close()


def test_unreachable_broker_raises_and_keeps_rows(db):
    with db.transaction() as session:
        outbox.event(session, "tests.thing.happened", {})
    relay = OutboxRelay(db, tables, "amqp://guest:guest@127.0.0.1:1/%2F")
    with pytest.raises(Exception):  # noqa: B017 - whichever pika error; the rows matter
        relay.publish_pending()
    assert count(db, tables.outbox, tables.outbox.c.published_at.is_(None)) == 1


def test_two_relays_publish_each_row_exactly_once(db, amqp_url):
    event_type = f"tests.{unique('pair')}.happened"
    queue = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        ids = {outbox.event(session, event_type, {"n": n}).id for n in range(120)}
    # Backdate nothing: all rows are due; small batches make the relays interleave.
    relays = [OutboxRelay(db, tables, amqp_url, batch_size=10) for _ in range(2)]
    start = threading.Barrier(2)
    totals = [0, 0]

    def work(index: int) -> None:
        start.wait()
        while (published := relays[index].publish_pending()) or count(
            db, tables.outbox, tables.outbox.c.published_at.is_(None)
        ):
            totals[index] += published

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for relay in relays:
        relay.close()
    received = [properties.message_id for properties, _ in drain(amqp_url, queue, len(ids))]
    assert sorted(received) == sorted(ids)  # none missing, none twice
    assert sum(totals) == len(ids)
    assert count(db, tables.outbox, tables.outbox.c.published_at.is_(None)) == 0


def test_row_waits_for_its_next_attempt_at(db, amqp_url):
    event_type = f"tests.{unique('order')}.happened"
    queue = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        first = outbox.event(session, event_type, {})
        later = outbox.event(session, event_type, {})
        session.execute(
            tables.outbox.update()
            .where(tables.outbox.c.id == later.id)
            .values(next_attempt_at=utcnow() + timedelta(hours=1))
        )
    relay = OutboxRelay(db, tables, amqp_url)
    try:
        assert relay.publish_pending() == 1
    finally:
        relay.close()
    [(properties, _)] = drain(amqp_url, queue, 1)
    assert properties.message_id == first.id


def test_relay_works_on_sqlite(tmp_path, amqp_url):
    # Services may run on SQLite in development: no FOR UPDATE there, one relay per file.
    db = Database(f"sqlite:///{tmp_path / 'relay.db'}")
    metadata.create_all(db.engine)
    event_type = f"tests.{unique('sqlite')}.happened"
    queue = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        envelope = outbox.event(session, event_type, {})
    relay = OutboxRelay(db, tables, amqp_url)
    try:
        assert relay.publish_pending() == 1
    finally:
        relay.close()
        db.dispose()
    [(properties, _)] = drain(amqp_url, queue, 1)
    assert properties.message_id == envelope.id


def test_published_rows_are_deleted_after_the_retention_unpublished_never(db, amqp_url):
    event_type = f"tests.{unique('prune')}.happened"
    bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        old, recent, waiting = (outbox.event(session, event_type, {"n": n}) for n in range(3))
    relay = OutboxRelay(db, tables, amqp_url, keep_published=timedelta(days=7))
    now = utcnow()
    with db.transaction() as session:
        for envelope, published in (
            (old, now - timedelta(days=8)),
            (recent, now - timedelta(days=6)),
        ):
            session.execute(
                tables.outbox.update()
                .where(tables.outbox.c.id == envelope.id)
                .values(published_at=published)
            )
        # An old row the broker never took (a command nobody routes) must stay.
        session.execute(
            tables.outbox.update()
            .where(tables.outbox.c.id == waiting.id)
            .values(created_at=now - timedelta(days=30))
        )
    assert relay.prune_published(now) == 1
    with db.read_only() as session:
        left = set(
            session.scalars(
                select(tables.outbox.c.id).where(
                    tables.outbox.c.id.in_([old.id, recent.id, waiting.id])
                )
            )
        )
    assert left == {recent.id, waiting.id}
    assert OutboxRelay(db, tables, amqp_url, keep_published=None).prune_published() == 0


def test_inbox_records_are_deleted_after_their_retention(db, amqp_url):
    now = utcnow()
    ages = {unique("old"): 31, unique("older"): 40, unique("recent"): 29}
    with db.transaction() as session:
        session.execute(
            tables.inbox.insert(),
            [
                {
                    "message_id": message_id,
                    "consumer": "tests.prune",
                    "processed_at": now - timedelta(days=days),
                }
                for message_id, days in ages.items()
            ],
        )
    relay = OutboxRelay(db, tables, amqp_url, keep_processed=timedelta(days=30))
    assert relay.prune_processed(now) == 2
    with db.read_only() as session:
        left = set(
            session.scalars(
                select(tables.inbox.c.message_id).where(tables.inbox.c.message_id.in_(list(ages)))
            )
        )
    assert left == {message_id for message_id, days in ages.items() if days < 30}
    assert OutboxRelay(db, tables, amqp_url, keep_processed=None).prune_processed(now) == 0


def test_pruning_works_through_many_chunks(db, amqp_url):
    from foyer_shared.messaging import relay as relay_module

    with db.transaction() as session:
        envelopes = [outbox.event(session, f"tests.{unique('chunk')}", {}) for _ in range(7)]
        session.execute(
            tables.outbox.update()
            .where(tables.outbox.c.id.in_([e.id for e in envelopes]))
            .values(published_at=utcnow() - timedelta(days=9))
        )
    chunk, relay_module.PRUNE_CHUNK = relay_module.PRUNE_CHUNK, 3
    try:
        pruned = OutboxRelay(db, tables, amqp_url).prune_published()
    finally:
        relay_module.PRUNE_CHUNK = chunk
    assert pruned >= 7
    with db.read_only() as session:
        assert not session.scalars(
            select(tables.outbox.c.id).where(tables.outbox.c.id.in_([e.id for e in envelopes]))
        ).first()


def test_the_worker_relay_takes_its_retention_from_settings(db, amqp_url):
    from foyer_shared.settings import ServiceSettings

    settings = ServiceSettings.from_env(
        "tests", {"AMQP_URL": amqp_url, "FOYER_OUTBOX_KEEP_PUBLISHED_HOURS": "2"}
    )
    assert OutboxRelay.for_settings(db, tables, settings)._keep_published == timedelta(hours=2)
    forever = ServiceSettings.from_env("tests", {"FOYER_OUTBOX_KEEP_PUBLISHED_HOURS": "0"})
    assert OutboxRelay.for_settings(db, tables, forever)._keep_published is None
    inbox = ServiceSettings.from_env("tests", {"FOYER_INBOX_KEEP_DAYS": "3"})
    assert OutboxRelay.for_settings(db, tables, inbox)._keep_processed == timedelta(days=3)
    assert OutboxRelay.for_settings(db, tables, settings)._keep_processed == timedelta(days=30)
    keep = ServiceSettings.from_env("tests", {"FOYER_INBOX_KEEP_DAYS": "0"})
    assert OutboxRelay.for_settings(db, tables, keep)._keep_processed is None


def test_an_idle_relay_is_woken_by_the_commit_not_by_its_poll(db, amqp_url, start_loop):
    """PostgreSQL: the outbox NOTIFYs at commit, so a sleeping relay publishes at once."""
    import time

    event_type = f"tests.{unique('wake')}.happened"
    queue = bound_queue(amqp_url, event_type)
    relay = OutboxRelay(db, tables, amqp_url, notified_poll_seconds=60)
    idle = listening(db, OUTBOX_CHANNEL)
    start_loop(relay.run)
    wait_until(idle, message="the relay LISTENing")  # it has polled, found nothing and LISTENs
    for n in range(3):
        started = time.monotonic()
        with db.transaction() as session:
            outbox.event(session, event_type, {"n": n})
        drain(amqp_url, queue, 1, timeout=10)
        assert time.monotonic() - started < 5  # a poll would come only after 60 s


def test_a_rolled_back_write_wakes_nobody_and_publishes_nothing(db, amqp_url, start_loop):
    event_type = f"tests.{unique('rollback')}.happened"
    queue = bound_queue(amqp_url, event_type)
    relay = OutboxRelay(db, tables, amqp_url, notified_poll_seconds=1)
    polls = counted_calls(relay, "publish_pending")
    start_loop(relay.run)
    with pytest.raises(RuntimeError), db.transaction() as session:
        outbox.event(session, event_type, {})
        raise RuntimeError("rolled back")
    # Past a safety-net poll too: of two polls finished after the rollback, one began after it.
    after = len(polls)
    wait_until(lambda: len(polls) >= after + 2, message="two polls after the rollback")
    assert drain(amqp_url, queue, 0, timeout=1) == []


def test_a_batch_of_large_and_small_messages_arrives_whole(db, amqp_url):
    # The batch's frames are joined into larger writes (confirms.py); bodies of a few hundred
    # kilobytes (an import's batch commands) and small ones must come out byte for byte.
    event_type = f"tests.{unique('large')}.happened"
    queue = bound_queue(amqp_url, event_type)
    with db.transaction() as session:
        sent = outbox.events(
            session, event_type, [{"n": n, "pad": "x" * (n % 3) * 150_000} for n in range(30)]
        )
    relay = OutboxRelay(db, tables, amqp_url)
    try:
        assert relay.publish_pending() == 30
    finally:
        relay.close()
    received = drain(amqp_url, queue, 30)
    assert sorted(body.decode() for _, body in received) == sorted(e.to_json() for e in sent)
