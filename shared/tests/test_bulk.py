"""Bulk insert (COPY on PostgreSQL) and array matching give the same rows on both databases."""

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, select

from foyer_shared.bulk import insert_new_rows, insert_rows, matching
from foyer_testing import database_on

metadata = MetaData()
rows_table = Table(
    "bulk_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("diff", JSON, nullable=True),
)
keyed_table = Table(
    "bulk_keyed", metadata, Column("code", String(20), primary_key=True), Column("name", String(50))
)


@pytest.fixture(params=["postgresql", "sqlite"])
def database(request, pg_database, tmp_path):
    name = f"bulk_{request.node.name[-24:].strip('[]-').lower()}"
    with database_on(request.param, pg_database, tmp_path, name, metadata) as db:
        yield db


ROWS = [
    {"id": 1, "name": 'Åsa; "quoted"\ttab\nnewline\\', "diff": {"city": ["Lund", "Ystad"]}},
    {"id": 2, "name": None, "diff": None},
    {"id": 3, "name": "Örjan", "diff": {"note": [None, "ä"]}},
]


def test_inserted_rows_read_back_exactly_json_and_nulls_included(database):
    with database.transaction() as session:
        insert_rows(session, rows_table, ROWS)
        insert_rows(session, rows_table, [])  # nothing to do is fine
    with database.read_only() as session:
        got = [
            dict(row._mapping)
            for row in session.execute(select(rows_table).order_by(rows_table.c.id))
        ]
    assert got == ROWS


def test_rows_are_part_of_the_transaction(database):
    with pytest.raises(RuntimeError), database.transaction() as session:
        insert_rows(session, rows_table, ROWS)
        raise RuntimeError("rolled back")
    with database.read_only() as session:
        assert session.execute(select(rows_table)).first() is None


def test_matching_finds_exactly_the_listed_values(database):
    with database.transaction() as session:
        insert_rows(session, rows_table, ROWS)
    with database.read_only() as session:
        column = rows_table.c.name
        found = set(
            session.scalars(
                select(rows_table.c.id).where(
                    matching(session, column, ["Örjan", "nobody", ROWS[0]["name"]])
                )
            )
        )
        assert found == {1, 3}
        assert not list(
            session.scalars(select(rows_table.c.id).where(matching(session, column, [])))
        )


def test_insert_new_rows_skips_the_keys_already_there(database):
    """All at once when the keys are new; when one is taken (a re-published event), the rest."""
    keyed = [{"code": f"K-{n}", "name": f"n{n}"} for n in (1, 2, 3)]
    with database.transaction() as session:
        assert insert_new_rows(session, keyed_table, keyed[:2], key="code") == 2
        again = [{**row, "name": "changed"} for row in keyed]
        assert insert_new_rows(session, keyed_table, again, key="code") == 1
        assert insert_new_rows(session, keyed_table, [], key="code") == 0
    with database.read_only() as session:
        got = [
            tuple(row)
            for row in session.execute(
                select(keyed_table.c.code, keyed_table.c.name).order_by(keyed_table.c.code)
            )
        ]
    assert got == [("K-1", "n1"), ("K-2", "n2"), ("K-3", "changed")]
