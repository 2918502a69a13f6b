"""The person search's queries reach the indexes made for them (EXPLAIN on PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.models import Person
from registry.repository import search


def plan(db, statement) -> str:
    with db.engine.connect() as connection:
        # The test's table is small enough to read whole; the question is whether an index can
        # answer at all (with a million persons a sequential scan took 150 ms, docs/benchmarks.md).
        connection.exec_driver_sql("SET enable_seqscan = off")
        sql = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
        return "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}"))


def test_the_staff_filter_is_answered_by_the_partial_staff_index(db):
    where = search.conditions({"staff": True})
    count = select(func.count()).select_from(Person).where(*where)

    shown = plan(db, count)

    assert "ix_persons_is_staff" in shown, shown
    assert "Seq Scan" not in shown, shown
