"""The send queue over a real SMTP server the test starts (aiosmtpd), on PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from email import message_from_bytes, policy

from sqlalchemy import select, update

from foyer_shared.db import new_id, utcnow
from foyer_shared.messaging import run_worker
from notify.delivery.sender import Sender
from notify.models import Message, SuppressedAddress, messaging
from notify.sinks import mail
from notify.use_cases.queueing import queue
from notify.worker import sender_loops


def sender_for(settings, db, port, **changes) -> Sender:
    tuned = dataclasses.replace(
        settings, smtp_port=port, send_backoff_initial_seconds=60, **changes
    )
    return Sender.for_email(tuned, db)


def queued(db, count=1, to="asa@example.se", **fields) -> list[str]:
    with db.transaction() as session:
        rows = [
            queue(
                session,
                kind="staff_message",
                channel="email",
                to_address=to,
                person_id=fields.pop("person_id", new_id()),
                subject=f"Hej {n}",
                body_text="Hej",
                body_html="<p>Hej</p>",
                **fields,
            )
            for n in range(count)
        ]
        session.flush()
        return [row.id for row in rows]


def rows(db) -> dict[str, Message]:
    with db.read_only() as session:
        return {m.id: m for m in session.scalars(select(Message))}


def test_a_batch_goes_over_one_connection_with_notify_message_ids(settings, db, sink):
    handler, port = sink
    ids = queued(db, 3)
    assert sender_for(settings, db, port).run_once() == 3
    received = [message_from_bytes(c, policy=policy.default) for _, _, c in handler.received]
    assert sorted(m["Message-ID"] for m in received) == sorted(f"<{i}@foyer.local>" for i in ids)
    assert {m.state for m in rows(db).values()} == {"sent"}
    assert {m.attempts for m in rows(db).values()} == {1}
    assert sender_for(settings, db, port).run_once() == 0


def test_a_refused_recipient_bounces_is_suppressed_and_announced(settings, db, sink):
    handler, port = sink
    handler.refuse = lambda address: "550 5.1.1 no such user" if "gone" in address else None
    [gone] = queued(db, 1, to="gone@example.se")
    [fine] = queued(db, 1)
    sender_for(settings, db, port).run_once()
    found = rows(db)
    assert found[gone].state == "bounced" and "550" in found[gone].reason
    assert found[fine].state == "sent"
    with db.read_only() as session:
        assert session.get(SuppressedAddress, "gone@example.se").message_id == gone
        [event] = [json.loads(r.body) for r in session.execute(select(messaging.outbox))]
    assert event["type"] == "notify.address.bounced"
    assert event["data"]["address"] == "gone@example.se" and "Hej" not in json.dumps(event)
    [again] = queued(db, 1, to="Gone@example.se")
    assert rows(db)[again].state == "suppressed"


def test_a_temporary_refusal_is_retried_later_then_fails_with_the_reason(settings, db, sink):
    handler, port = sink
    handler.refuse = lambda address: "451 4.3.0 try again later"
    [row_id] = queued(db)
    sender = sender_for(settings, db, port, send_max_attempts=2)
    sender.run_once()
    first = rows(db)[row_id]
    assert (first.state, first.attempts) == ("queued", 1)
    assert first.next_attempt_at > utcnow() and "451" in first.reason
    assert sender.run_once() == 0  # not due yet
    with db.transaction() as session:
        session.execute(update(Message).values(next_attempt_at=utcnow()))
    sender.run_once()
    last = rows(db)[row_id]
    assert (last.state, last.attempts) == ("failed", 2) and "451" in last.reason
    assert handler.received == []


def test_an_unreachable_server_leaves_the_batch_queued_for_its_retry(settings, db):
    ids = queued(db, 2)
    sender_for(settings, db, mail.free_port()).run_once()
    assert {(m.state, m.attempts) for m in rows(db).values()} == {("queued", 1)}
    assert all("connect" in rows(db)[i].reason for i in ids)


def test_stale_claims_of_a_stopped_sender_are_released_never_sent_twice(settings, db, sink):
    handler, port = sink
    handed, not_handed = queued(db, 2)
    long_ago = utcnow().replace(year=2020)
    with db.transaction() as session:
        session.execute(
            update(Message)
            .where(Message.id == handed)
            .values(state="sending", attempts=1, last_attempt_at=long_ago, handed_at=long_ago)
        )
        session.execute(
            update(Message)
            .where(Message.id == not_handed)
            .values(state="sending", attempts=1, last_attempt_at=long_ago)
        )
    sender_for(settings, db, port).run_once()
    found = rows(db)
    assert found[handed].state == "sent" and "counted as sent" in found[handed].reason
    assert (found[not_handed].state, found[not_handed].attempts) == ("sent", 2)
    assert [rcpt for _, rcpt, _ in handler.received] == [["asa@example.se"]]


def test_a_process_sends_over_several_connections_and_each_message_goes_once(settings, db, sink):
    handler, port = sink
    ids = queued(db, 120)
    tuned = dataclasses.replace(
        settings, smtp_port=port, smtp_connections=3, email_senders=2, send_batch_size=7
    )
    loops = sender_loops(tuned, db)
    assert len(loops) == 2 + 1  # two e-mail senders (three connections each) and the SMS one
    stop = threading.Event()
    worker = threading.Thread(target=run_worker, args=(loops, "senders", stop))
    worker.start()
    try:
        deadline = time.monotonic() + 60
        while {m.state for m in rows(db).values()} != {"sent"}:
            assert time.monotonic() < deadline, "the senders did not finish in 60 s"
            time.sleep(0.05)
    finally:
        stop.set()
        worker.join()
    received = [message_from_bytes(c, policy=policy.default) for _, _, c in handler.received]
    assert sorted(m["Message-ID"] for m in received) == sorted(f"<{i}@foyer.local>" for i in ids)
    assert {m.attempts for m in rows(db).values()} == {1}
