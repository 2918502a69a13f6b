"""The unit of work commits on success and rolls back on error, on PostgreSQL and SQLite."""

import time
from datetime import datetime

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, event, func, insert, select
from sqlalchemy import text as sql

from foyer_shared.db import UTCDateTime, utcnow
from foyer_testing import database_on, wait_until

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("at", UTCDateTime),
)


@pytest.fixture(params=["postgresql", "sqlite"])
def database(request, pg_database, tmp_path):
    name = f"db_{request.node.name[-20:].strip('[]-').lower()}"
    with database_on(request.param, pg_database, tmp_path, name, metadata) as db:
        yield db


def _past_the_millisecond_of(made: str) -> None:
    """Wait until the clock has left the millisecond the id `made` carries (its first 48 bits)."""
    millis = int(made.replace("-", "")[:12], 16)
    wait_until(lambda: time.time_ns() // 1_000_000 > millis, timeout=1, interval=0.0005)


def count(db):
    with db.read_only() as session:
        return session.scalar(select(func.count()).select_from(things))


def test_commits_when_the_block_succeeds(database):
    with database.transaction() as session:
        session.execute(insert(things).values(name="a", at=utcnow()))
    assert count(database) == 1


def test_rolls_back_everything_when_the_block_raises(database):
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.execute(insert(things).values(name="a", at=utcnow()))
        session.execute(insert(things).values(name="b", at=utcnow()))
        raise RuntimeError("half-way")
    assert count(database) == 0


def test_timestamps_come_back_timezone_aware_utc(database):
    with database.transaction() as session:
        session.execute(insert(things).values(name="a", at=utcnow()))
    with database.read_only() as session:
        at = session.scalar(select(things.c.at))
    assert at.utcoffset().total_seconds() == 0


def test_naive_timestamps_are_refused(database):
    with pytest.raises(Exception, match="naive"), database.transaction() as session:
        session.execute(insert(things).values(name="a", at=datetime(2026, 1, 1)))


def test_new_ids_are_time_ordered_version_7_uuids_in_canonical_form():
    import uuid

    from foyer_shared.db import new_id

    ids = []
    for _ in range(4):
        ids += [new_id() for _ in range(500)]
        _past_the_millisecond_of(ids[-1])  # ids of later milliseconds sort after earlier ones
    assert len(set(ids)) == len(ids)
    for text in ids[::50]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
    firsts, lasts = ids[:500], ids[-500:]
    assert max(firsts) < min(lasts)
    millis = int(ids[-1].replace("-", "")[:12], 16)
    assert abs(millis - time.time() * 1000) < 5_000


def test_ids_made_in_bulk_are_the_same_kind_of_uuid_and_all_different():
    import uuid

    from foyer_shared.db import new_id, new_ids

    before = new_id()
    _past_the_millisecond_of(before)
    batch = new_ids(5000)
    _past_the_millisecond_of(batch[-1])
    after = new_id()
    assert len(set(batch)) == 5000 and new_ids(0) == []
    for text in batch[::7]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
    assert before < min(batch) and max(batch) < after  # time-ordered with new_id()
    assert {text[19] for text in batch} == set("89ab")  # the variant digit takes all four


def test_a_released_savepoint_is_undone_with_the_block_that_raises(database):
    """A savepoint after reads (the registry's undo works like this) is part of the unit of
    work: on SQLite the sqlite3 module once let its RELEASE commit the rows written so far."""
    with pytest.raises(RuntimeError), database.transaction() as session:
        session.execute(select(func.count()).select_from(things))
        savepoint = session.begin_nested()
        session.execute(insert(things).values(name="a", at=utcnow()))
        savepoint.commit()
        raise RuntimeError("half-way")
    assert count(database) == 0


def test_a_unit_of_work_that_reads_then_writes_waits_for_another_writer(database):
    """Two workers on one SQLite file: one reads (in a savepoint, as the registry's undo
    does), the other commits a write, the first writes. Begun as a reader, the first failed at
    once with "database is locked"; now the second waits for it, and both rows are written."""
    import threading

    errors, begun = [], threading.Event()

    @event.listens_for(database.engine, "before_cursor_execute")
    def _other_begins(_conn, _cursor, statement, *_args):
        if statement.startswith("BEGIN") and threading.current_thread().name == "other-writer":
            begun.set()

    def other_writer():
        try:
            with database.transaction() as session:
                session.execute(insert(things).values(name="other", at=utcnow()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    with database.transaction() as session:
        session.execute(select(func.count()).select_from(things))
        savepoint = session.begin_nested()
        session.execute(select(func.count()).select_from(things))
        other = threading.Thread(target=other_writer, name="other-writer")
        other.start()
        # The other writer commits now (PostgreSQL), or waits for us (SQLite: its BEGIN waits).
        wait_until(lambda: begun.is_set() or not other.is_alive(), message="the other writer")
        session.execute(insert(things).values(name="first", at=utcnow()))
        savepoint.commit()
    other.join(timeout=30)
    assert errors == [] and count(database) == 2


def test_a_read_only_session_writes_nothing(database):
    """It ends with a commit (next test), so a write in it must fail, not be kept: on
    PostgreSQL the transaction is READ ONLY; SQLite's reads take no write lock."""
    if database.is_sqlite:
        pytest.skip("SQLite has no read-only transactions; its reads begin DEFERRED")
    with pytest.raises(Exception, match="read-only transaction"):
        with database.read_only() as session:
            session.execute(insert(things).values(name="written while reading"))
    assert count(database) == 0


def test_statements_read_again_and_again_stay_prepared_on_the_connection(database):
    """psycopg prepares a statement run five times on a connection, and forgot every one at a
    rollback: read-only sessions end with a commit, so reads are not planned afresh each time."""
    if database.is_sqlite:
        pytest.skip("PostgreSQL's prepared statements")
    for _ in range(6):
        count(database)
    with database.read_only() as session:
        prepared = session.scalars(sql("SELECT statement FROM pg_prepared_statements")).all()
    assert any("things" in statement for statement in prepared), prepared
