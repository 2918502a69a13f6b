"""truncate_all empties a test database even when a write left over from the last test
deadlocks with its table locks (PostgreSQL cancels one side; the TRUNCATE is tried again)."""

import threading

from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, insert, select, text

from foyer_testing import database_on, truncate_all, wait_until

metadata = MetaData()
parents = Table("parents", metadata, Column("id", Integer, primary_key=True))
children = Table(
    "children",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("parent_id", ForeignKey("parents.id")),
)


def _truncate_is_waiting(db) -> bool:
    with db.engine.connect() as connection:
        return bool(
            connection.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query LIKE 'TRUNCATE%' AND datname = current_database()"
                )
            )
        )


def test_a_deadlock_with_a_late_write_is_tried_again(pg_database, tmp_path):
    with database_on("postgresql", pg_database, tmp_path, "truncate_deadlock", metadata) as db:
        with db.engine.begin() as connection:
            connection.execute(insert(parents), [{"id": 1}])
            connection.execute(insert(children), [{"id": 1, "parent_id": 1}])
        holding = threading.Event()

        def late_writer():
            # Locks the child table (TRUNCATE takes it second), then, once the TRUNCATE waits
            # for it holding the parent table, asks for the parent table: a lock cycle.
            with db.engine.begin() as connection:
                connection.execute(text("SET LOCAL deadlock_timeout = '5s'"))
                connection.execute(text("LOCK TABLE children IN ROW SHARE MODE"))
                holding.set()
                wait_until(lambda: _truncate_is_waiting(db), timeout=20)
                connection.execute(select(parents.c.id).with_for_update(key_share=True))

        writer = threading.Thread(target=late_writer)
        writer.start()
        holding.wait(10)
        truncate_all(db, metadata)
        writer.join(20)
        assert truncate_all.statistics["attempt_number"] == 2
        with db.engine.connect() as connection:
            assert connection.scalar(select(parents.c.id)) is None
