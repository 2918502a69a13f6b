"""A run's batches are written in the file's order, also when two workers consume them."""

from __future__ import annotations

import dataclasses
import json
import threading
import time

import pytest
from registry_testing import expanded, import_batch_data, pnr
from sqlalchemy import func, select

from foyer_shared import contracts
from foyer_shared.envelope import Envelope
from foyer_shared.messaging import COMMANDS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from registry import handlers
from registry.models import PersonStatus, Status
from registry.use_cases.imports import order as import_order
from registry.use_cases.imports.order import EarlierBatchMissing
from registry.worker import commands_consumer

ASA = {
    "row_no": 2,
    "first_name": "Åsa",
    "last_name": "Berg",
    "personnummer": pnr("19810203"),
    "email": "asa@x.se",
    "city": "Lund",
}


def command(batch_no: int, rows: list[dict], job_id="job-order", **extra) -> Envelope:
    extra = {"previous_batch_no": batch_no - 1 if batch_no > 1 else None, **extra}
    return contracts.envelope(
        "registry.import_batch", **import_batch_data(rows, batch_no, job_id, **extra)
    )


def apply(db, settings, envelope: Envelope) -> None:
    with db.transaction() as session:
        handlers.command_handlers(settings)["registry.import_batch"](session, envelope)


def answer(outbox, batch_no: int) -> dict | None:
    found = [a for a in outbox("registry.import_batch.processed") if a["batch_no"] == batch_no]
    return expanded(found[-1]) if found else None


def test_a_batch_waits_for_the_one_before_and_then_sees_its_rows(db, settings, outbox, api):
    """Batch 2 arrives first (another worker is still on batch 1): it waits, and its row with
    batch 1's personnummer becomes an update of batch 1's person, as with one worker."""
    patient = dataclasses.replace(settings, import_turn_timeout_seconds=30.0)
    second = threading.Thread(
        target=apply, args=(db, patient, command(2, [{**ASA, "row_no": 2502, "city": "Ystad"}]))
    )
    second.start()
    second.join(timeout=0.5)
    assert second.is_alive() and answer(outbox, 2) is None  # waiting for batch 1
    apply(db, patient, command(1, [ASA]))
    second.join(timeout=30)
    assert not second.is_alive()
    [created] = answer(outbox, 1)["outcomes"]
    [updated] = answer(outbox, 2)["outcomes"]
    assert created["outcome"] == "created"
    assert (updated["outcome"], updated["person_id"]) == ("updated", created["person_id"])
    assert updated["diff"] == {"city": ["Lund", "Ystad"]}
    assert api.get(f"/persons/{created['person_id']}").json["city"] == "Ystad"


def test_a_batch_waits_as_long_as_another_worker_is_applying_the_one_before(db, settings, outbox):
    """The timeout is for a predecessor no one has: one that takes long (thousands of updates
    row by row) is waited for, however long, instead of sending its successors to be parked."""
    hasty = dataclasses.replace(settings, import_turn_timeout_seconds=0.2)
    first, applying = command(1, [ASA]), threading.Event()

    def slow_first_batch():
        with db.transaction() as session:
            import_order.working_on(session, "job-order", 1)
            applying.set()
            time.sleep(1.0)  # five timeouts' worth: the slow worker is what is tested
            handlers.command_handlers(hasty)["registry.import_batch"](session, first)

    worker = threading.Thread(target=slow_first_batch)
    worker.start()
    assert applying.wait(10), "the first batch is not being applied"
    try:
        apply(db, hasty, command(2, [{**ASA, "row_no": 2502, "city": "Ystad"}]))
    finally:
        worker.join(timeout=10)  # before the tables are emptied for the next test
    assert answer(outbox, 2)["outcomes"][0]["outcome"] == "updated"


def test_a_batch_whose_predecessor_never_came_goes_back_for_a_retry(db, settings, outbox):
    hasty = dataclasses.replace(settings, import_turn_timeout_seconds=0.05)
    with pytest.raises(EarlierBatchMissing):
        apply(db, hasty, command(7, [ASA]))
    assert outbox("registry.import_batch.processed") == []
    assert outbox("registry.persons.imported") == []


def test_the_first_batch_and_dry_runs_do_not_wait(db, settings, outbox):
    """A dry run writes nothing a later batch could see; the first batch has no predecessor."""
    hasty = dataclasses.replace(settings, import_turn_timeout_seconds=0.0)
    apply(db, hasty, command(5, [ASA], job_id="job-dry", dry_run=True))
    apply(db, hasty, command(1, [ASA], job_id="job-first"))
    assert answer(outbox, 5)["outcomes"][0]["outcome"] == "created"
    assert answer(outbox, 1)["outcomes"][0]["outcome"] == "created"


def test_two_consumers_apply_a_file_in_order(db, settings, outbox, api):
    """Two workers on registry.commands, eight batches that each repeat the key of the batch
    before with a new city: every repeat is an update, and the last row of the file wins."""
    cities = ["Lund", "Ystad", "Malmö", "Kiruna", "Umeå", "Visby", "Borås", "Falun"]
    envelopes = [
        command(
            n,
            [
                {**ASA, "row_no": n * 100, "city": city},
                *(
                    {
                        **ASA,
                        "row_no": n * 100 + i,
                        "email": f"p{n}-{i}@x.se",
                        "personnummer": pnr("19900101", f"{n * 40 + i:03d}"),
                    }
                    for i in range(1, 40)
                ),
            ],
        )
        for n, city in enumerate(cities, start=1)
    ]
    with (
        running(commands_consumer(settings, db), settings.amqp_url),
        running(commands_consumer(settings, db), settings.amqp_url),
    ):
        for envelope in envelopes:
            publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, envelope)
        wait_until(lambda: len(outbox("registry.import_batch.processed")) == 8, timeout=60)
    first = [answer(outbox, n)["outcomes"][0] for n in range(1, 9)]
    assert [o["outcome"] for o in first] == ["created"] + ["updated"] * 7
    assert len({o["person_id"] for o in first}) == 1
    assert [o["diff"]["city"] for o in first[1:]] == [
        [old, new] for old, new in zip(cities, cities[1:], strict=False)
    ]
    assert api.get(f"/persons/{first[0]['person_id']}").json["city"] == "Falun"
    assert json.loads(api.get("/persons").headers["X-Pagination"])["total"] == 1 + 8 * 39


def test_two_copies_of_a_batch_at_once_apply_it_once(db, settings, outbox, api):
    """imports resends unanswered batches when its worker restarts, so two copies can reach the
    two workers together: the second waits for the first and then answers as a resend."""
    first, applying = command(1, [ASA]), threading.Event()

    def applying_slowly():
        with db.transaction() as session:
            import_order.working_on(session, "job-order", 1)
            applying.set()
            time.sleep(0.5)  # the copy arrives while the first is being applied: tested
            handlers.command_handlers(settings)["registry.import_batch"](session, first)

    worker = threading.Thread(target=applying_slowly)
    worker.start()
    assert applying.wait(10), "the first copy is not being applied"
    try:
        apply(db, settings, command(1, [ASA]))  # the copy
    finally:
        worker.join(timeout=10)
    answers = [expanded(a) for a in outbox("registry.import_batch.processed") if a["batch_no"] == 1]
    assert len(answers) == 2 and answers[0] == answers[1]
    assert answers[0]["outcomes"][0]["outcome"] == "created"
    assert json.loads(api.get("/persons").headers["X-Pagination"])["total"] == 1


def test_a_batch_waits_only_for_the_batches_it_names(db, settings, outbox, api):
    """imports names the earlier batches sharing a key (after_batches): batch 3 repeats batch
    1's person and waits for it, past batch 2, which never comes; batch 4 shares nothing and
    is written at once, however far behind the batches before it are."""
    patient = dataclasses.replace(settings, import_turn_timeout_seconds=30.0)
    third = threading.Thread(
        target=apply,
        args=(
            db,
            patient,
            command(3, [{**ASA, "row_no": 5002, "city": "Ystad"}], after_batches=[1]),
        ),
    )
    third.start()
    hasty = dataclasses.replace(settings, import_turn_timeout_seconds=0.0)
    other = {**ASA, "row_no": 7502, "personnummer": pnr("19700101"), "email": "o@x.se"}
    try:
        apply(db, hasty, command(4, [other], after_batches=[]))
        assert third.is_alive() and answer(outbox, 3) is None  # still waiting for batch 1
        apply(db, patient, command(1, [ASA]))
    finally:
        third.join(timeout=30)
    assert answer(outbox, 4)["outcomes"][0]["outcome"] == "created"
    [created] = answer(outbox, 1)["outcomes"]
    [updated] = answer(outbox, 3)["outcomes"]
    assert (updated["outcome"], updated["person_id"]) == ("updated", created["person_id"])
    assert answer(outbox, 2) is None


def test_a_named_batch_that_never_comes_sends_the_batch_back_for_a_retry(db, settings, outbox):
    """Batch 8, the one before, is applied; batch 2, which it also names, never came."""
    hasty = dataclasses.replace(settings, import_turn_timeout_seconds=0.05)
    other = {**ASA, "row_no": 7502, "personnummer": pnr("19700101"), "email": "o@x.se"}
    apply(db, hasty, command(8, [other], after_batches=[]))
    with pytest.raises(EarlierBatchMissing):
        apply(db, hasty, command(9, [ASA], after_batches=[8, 2]))
    assert [a["batch_no"] for a in outbox("registry.import_batch.processed")] == [8]


def test_batches_written_side_by_side_create_a_new_status_once(db, settings, outbox):
    """Two batches sharing no key may be written at once, and both may name a status that does
    not exist yet: the second waits for the first's commit and uses its status."""
    options = {"create_missing_statuses": True}
    first = command(1, [{**ASA, "status": "Guld"}], options=options, after_batches=[])
    second = command(
        2,
        [
            {
                **ASA,
                "row_no": 2502,
                "personnummer": pnr("19700101"),
                "email": "o@x.se",
                "status": "guld",
            }
        ],
        options=options,
        after_batches=[],
    )

    written = threading.Event()

    def first_batch_slow_to_commit():
        with db.transaction() as session:
            handlers.command_handlers(settings)["registry.import_batch"](session, first)
            written.set()
            time.sleep(0.5)  # a commit that comes late is what is tested

    worker = threading.Thread(target=first_batch_slow_to_commit)
    worker.start()
    assert written.wait(10), "the first has not created its status"  # and has not committed
    try:
        apply(db, settings, second)
    finally:
        worker.join(timeout=10)
    assert [answer(outbox, n)["outcomes"][0]["outcome"] for n in (1, 2)] == ["created"] * 2
    with db.read_only() as session:
        statuses = session.scalars(select(Status).where(func.lower(Status.name) == "guld")).all()
        assert [s.name for s in statuses] == ["Guld"]
        linked = session.scalar(
            select(func.count())
            .select_from(PersonStatus)
            .where(PersonStatus.status_id == statuses[0].id)
        )
    assert linked == 2
