"""The outbox row lives and dies with the caller's transaction."""

from __future__ import annotations

import json

import pytest
from messaging_support import MadeUpOutbox, count, tables
from sqlalchemy import select

from foyer_shared.logging import request_id_var
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE
from foyer_testing import outbox_inserts

outbox = MadeUpOutbox(tables, source="tests")


def test_rolled_back_transaction_leaves_no_row(db):
    with pytest.raises(RuntimeError), db.transaction() as session:
        outbox.event(session, "tests.thing.happened", {"n": 1})
        raise RuntimeError("the use case failed after writing its event")
    assert count(db, tables.outbox) == 0


def test_committed_transaction_keeps_the_row(db):
    token = request_id_var.set("req-123")
    try:
        with db.transaction() as session:
            envelope = outbox.event(session, "tests.thing.happened", {"n": 1})
            # Not committed yet: nothing is visible from another connection.
            assert count(db, tables.outbox) == 0
    finally:
        request_id_var.reset(token)
    with db.read_only() as session:
        row = session.execute(select(tables.outbox)).one()
    assert row.id == envelope.id
    assert (row.exchange, row.routing_key) == (EVENTS_EXCHANGE, "tests.thing.happened")
    assert row.published_at is None and row.attempts == 0
    body = json.loads(row.body)
    assert body["id"] == envelope.id and body["data"] == {"n": 1}
    assert body["source"] == "tests" and body["correlation_id"] == "req-123"


def test_command_goes_to_the_commands_exchange(db):
    with db.transaction() as session:
        envelope = outbox.command(session, "registry.import_batch", {"job": 7}, "corr-1")
    with db.read_only() as session:
        row = session.execute(select(tables.outbox)).one()
    assert (row.exchange, row.routing_key) == (COMMANDS_EXCHANGE, "registry.import_batch")
    assert envelope.type == "registry.import_batch" and envelope.correlation_id == "corr-1"


def test_many_events_in_one_call_commit_together(db):
    with db.transaction() as session:
        envelopes = outbox.events(session, "tests.row.imported", [{"n": n} for n in range(250)])
    with db.read_only() as session:
        rows = session.execute(select(tables.outbox)).all()
    assert len(rows) == 250 == len({row.id for row in rows})
    assert {row.id for row in rows} == {envelope.id for envelope in envelopes}
    assert sorted(json.loads(row.body)["data"]["n"] for row in rows) == list(range(250))
    assert {row.routing_key for row in rows} == {"tests.row.imported"}


def test_many_events_roll_back_together(db):
    with pytest.raises(RuntimeError), db.transaction() as session:
        outbox.events(session, "tests.row.imported", [{"n": 1}, {"n": 2}])
        raise RuntimeError("the batch failed")
    assert count(db, tables.outbox) == 0


def test_many_events_go_in_one_multi_row_statement(db):
    with outbox_inserts(db.engine) as seen, db.transaction() as session:
        outbox.events(session, "tests.row.imported", [{"n": n} for n in range(250)])
    assert seen == [250]  # one statement, not 250
    assert count(db, tables.outbox) == 250


def test_many_commands_go_in_one_statement_per_chunk(db):
    total = 1005  # SQLAlchemy's insertmanyvalues pages of 1000
    with outbox_inserts(db.engine) as seen, db.transaction() as session:
        envelopes = outbox.commands(session, "tests.send", [{"n": n} for n in range(total)])
        outbox.commands(session, "tests.send", [])  # nothing to write is fine
    assert seen == [1000, 5]
    with db.read_only() as session:
        rows = session.execute(select(tables.outbox)).all()
    assert {row.id for row in rows} == {envelope.id for envelope in envelopes}
    assert {(row.exchange, row.routing_key) for row in rows} == {(COMMANDS_EXCHANGE, "tests.send")}
