"""A sender killed mid-file and unanswered batches: every row still reaches the registry once."""

from __future__ import annotations

import functools
import json
import threading
import zlib

import pytest
from imports_testing import map_as_suggested
from sqlalchemy import delete, func, select

from foyer_shared.db import utcnow
from foyer_shared.messaging import OutboxRelay
from foyer_testing import outbox_inserts, wait_until
from imports.models import Batch, Job, messaging
from imports.repository import payloads
from imports.use_cases import sending
from imports.use_cases.resending import resend_unanswered, run_resender

WRITE, RUN = "imports.jobs.write", "imports.jobs.run"


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the sender handles it."""


def start(client, as_staff, upload, fixtures, step="run") -> str:
    job_id = map_as_suggested(client, as_staff, upload(fixtures / "customers_sv.csv").json)
    route = f"/jobs/{job_id}/{step}"
    assert client.post(route, headers=as_staff("POST", route, RUN)).status_code == 202
    return job_id


def test_sender_killed_mid_file_resumes_without_resending(
    client, as_staff, upload, fixtures, worker_settings, db, commands, monkeypatch
):
    settings = worker_settings.__class__(
        **{**worker_settings.__dict__, "batch_size": 10, "lease_seconds": 0.3}
    )
    monkeypatch.setattr(sending, "BATCHES_PER_TRANSACTION", 2)
    job_id = start(client, as_staff, upload, fixtures)
    real_write, calls = sending._write, []

    def dies_on_third_write(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise Killed()
        return real_write(*args, **kwargs)

    monkeypatch.setattr(sending, "_write", dies_on_third_write)
    claim = sending.claim_next(db, settings.lease_seconds)
    with pytest.raises(Killed):
        sending.send(db, settings, claim)
    with db.read_only() as session:
        # Two transactions committed: the first batch alone, then two.
        assert len(session.scalars(select(Batch)).all()) == 3
        assert session.get(Job, job_id).sending_done is False
    monkeypatch.setattr(sending, "_write", real_write)
    assert sending.claim_next(db, settings.lease_seconds) is None  # the lease still holds
    stop = threading.Event()
    relay = OutboxRelay(db, messaging, settings.amqp_url, poll_seconds=0.05)
    threads = [
        threading.Thread(target=loop, args=(stop,), daemon=True)
        for loop in (functools.partial(sending.run_sender, db, settings), relay.run)
    ]
    for thread in threads:
        thread.start()  # a new worker: takes the job over once the lease expired
    try:
        sent = commands.take(7)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    numbers = sorted(c["data"]["batch_no"] for c in sent)
    assert numbers == list(range(1, 8))
    rows = [r["row_no"] for c in sent for r in c["data"]["rows"]]
    assert len(rows) == len(set(rows)) == 64
    with db.read_only() as session:
        job = session.get(Job, job_id)
        assert (job.sending_done, job.batches_open, job.rows_sent) == (True, 7, 64)
    assert commands.empty()


def test_unanswered_batches_are_resent_unchanged(
    client, as_staff, upload, fixtures, worker, commands, bus, db, wait_for
):
    job_id = start(client, as_staff, upload, fixtures, "dry-run")
    first = commands.take(3)
    bus.answer(first[0])
    wait_for(lambda: _answered(db, job_id) == 1)
    with outbox_inserts(db.engine) as seen:
        assert resend_unanswered(db, utcnow()) == 2
    assert seen == [2]  # both commands in one statement
    again = commands.take(2)
    assert sorted(c["data"]["batch_no"] for c in again) == sorted(
        c["data"]["batch_no"] for c in first[1:]
    )
    assert {c["id"] for c in again}.isdisjoint({c["id"] for c in first})  # new envelopes
    assert again[0]["data"]["rows"] in [c["data"]["rows"] for c in first]
    with db.read_only() as session:
        assert {b.times_sent for b in session.scalars(select(Batch))} == {1, 2}
    for command in first[1:] + again:  # both copies answered: counted once
        bus.answer(command)
    wait_for(lambda: _state(db, job_id) == "dry_run_done")
    with db.read_only() as session:
        job = session.get(Job, job_id)
        assert job.counts["dry_run"]["will_create"] == 64 and job.rows_done == 64


def test_a_job_still_being_answered_is_not_resent(
    client, as_staff, upload, fixtures, worker, commands, bus, db, wait_for
):
    """A slow registry working through a long queue is not a lost message."""
    job_id = start(client, as_staff, upload, fixtures, "dry-run")
    first = commands.take(3)
    sent_before = utcnow()  # all three sent before it; one answered after it
    bus.answer(first[0])
    wait_for(lambda: _answered(db, job_id) == 1)
    assert resend_unanswered(db, sent_before) == 0
    assert resend_unanswered(db, utcnow()) == 2  # silent since: resent


def _answered(db, job_id):
    with db.read_only() as session:
        return sum(
            b.answered_at is not None
            for b in session.scalars(select(Batch).where(Batch.job_id == job_id))
        )


def _relayed(db) -> bool:
    with db.read_only() as session:
        outbox = messaging.outbox
        return not session.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
        )


def _state(db, job_id):
    with db.read_only() as session:
        return session.get(Job, job_id).state


def test_a_restarted_worker_resends_what_is_unanswered(
    client, as_staff, upload, fixtures, worker, commands, worker_settings, db
):
    start(client, as_staff, upload, fixtures, "dry-run")
    first = commands.take(3)
    stop = threading.Event()
    thread = threading.Thread(target=run_resender, args=(db, worker_settings, stop), daemon=True)
    thread.start()
    try:
        again = commands.take(3)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert sorted(c["data"]["batch_no"] for c in again) == sorted(
        c["data"]["batch_no"] for c in first
    )
    wait_until(lambda: _relayed(db), message="what the resender wrote, relayed")
    assert commands.empty()  # once at start; later only after resend_after_seconds


def test_a_batch_is_stored_once_as_the_outbox_row_that_carried_it(
    client, as_staff, upload, fixtures, worker, commands, db
):
    job_id = start(client, as_staff, upload, fixtures, "dry-run")
    sent = {c["data"]["batch_no"]: c for c in commands.take(3)}
    with db.read_only() as session:
        batches = session.scalars(select(Batch).where(Batch.job_id == job_id)).all()
        assert len(batches) == 3
        for batch in batches:
            assert batch.payload is None  # no second copy of hundreds of kB
            assert batch.message_id == sent[batch.batch_no]["id"]
            assert payloads.command_data(session, batch) == sent[batch.batch_no]["data"]


def test_a_batch_sent_before_the_outbox_copy_is_resent_from_its_payload(
    client, as_staff, upload, fixtures, worker, commands, bus, db, wait_for
):
    """Batches written before migration 0007 kept the command in `payload` (zlib on SQLite)."""
    job_id = start(client, as_staff, upload, fixtures, "dry-run")
    first = {c["data"]["batch_no"]: c for c in commands.take(3)}
    with db.transaction() as session:
        for number, compress in ((1, False), (2, True)):
            batch = session.get(Batch, (job_id, number))
            raw = json.dumps(first[number]["data"]).encode()
            batch.payload, batch.message_id = (zlib.compress(raw) if compress else raw), None
    bus.answer(first[3])
    # The worker records the answer on its own thread; resending before it has would count
    # batch 3 as unanswered too.
    wait_until(lambda: _batch_answered(db, job_id, 3), message="batch 3's answer recorded")
    assert resend_unanswered(db, utcnow()) == 2
    again = {c["data"]["batch_no"]: c for c in commands.take(2)}
    assert {n: c["data"] for n, c in again.items()} == {n: first[n]["data"] for n in (1, 2)}
    with db.read_only() as session:  # from now on read from the new outbox rows
        assert {
            b.batch_no: b.message_id
            for b in session.scalars(
                select(Batch).where(Batch.job_id == job_id, Batch.batch_no < 3)
            )
        } == {n: again[n]["id"] for n in (1, 2)}


def test_a_batch_whose_command_was_pruned_fails_the_job_in_words(
    client, as_staff, upload, fixtures, worker, commands, db, wait_for
):
    job_id = start(client, as_staff, upload, fixtures, "dry-run")
    commands.take(3)
    wait_for(lambda: _published(db))  # the relay is done with them
    with db.transaction() as session:  # a retention shorter than the wait pruned them
        session.execute(delete(messaging.outbox))
    resend_unanswered(db, utcnow())
    with db.read_only() as session:
        job = session.get(Job, job_id)
        assert job.state == "failed"
        assert "could not be sent again" in job.failure and "Upload the file again" in job.failure
    assert resend_unanswered(db, utcnow()) == 0  # a failed job's batches are left alone


def _published(db) -> bool:
    with db.read_only() as session:
        return not session.scalars(
            select(messaging.outbox.c.id).where(messaging.outbox.c.published_at.is_(None))
        ).first()


def _batch_answered(db, job_id: str, batch_no: int) -> bool:
    with db.read_only() as session:
        return session.get(Batch, (job_id, batch_no)).answered_at is not None
