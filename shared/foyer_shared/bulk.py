"""Writing and matching many rows at once, fast on PostgreSQL and plain elsewhere (SQLite).

Imports move thousands of rows per message; these are the two places where the obvious
SQLAlchemy call costs more than the work itself on PostgreSQL.
"""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.types.json import Json
from sqlalchemy import JSON, String, any_, insert, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

LOOKUP_CHUNK = 5000  # values per `matching` lookup: one array on PostgreSQL; SQLite's limit


def insert_rows(session: Session, table, rows: list[dict]) -> None:
    """Insert rows that share their keys, in the session's transaction (and savepoint).

    COPY on PostgreSQL: psycopg's executemany sends one statement per row, several times
    slower for a thousand rows. Column defaults made in Python are not applied, so each row
    must name every column it needs. A column only PostgreSQL has (not declared on `table`,
    like the registry's persons.link_tags) goes as given. Other databases get the Core insert."""
    if not rows:
        return
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    as_json = [column in table.c and isinstance(table.c[column].type, JSON) for column in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        if not any(as_json):
            for row in rows:
                copy.write_row([row[column] for column in columns])
            return
        for row in rows:  # a JSON column's value goes as JSON text (SQL NULL for None)
            copy.write_row(
                [
                    Json(row[column]) if wrap and row[column] is not None else row[column]
                    for column, wrap in zip(columns, as_json, strict=True)
                ]
            )


def insert_new_rows(session: Session, table, rows: list[dict], key: str) -> int:
    """Insert the rows whose unique `key` (a text column, as `matching` takes) the table does
    not hold yet; returns how many.

    Optimistic: all rows at once in a savepoint, which is all a fresh batch needs; only when
    that meets the unique index (a re-published event, say) are the keys looked up and the
    rest inserted. Looking every batch up first cost more than the insert's own index check."""
    if not rows:
        return 0
    try:
        with session.begin_nested():
            insert_rows(session, table, rows)
        return len(rows)
    except (IntegrityError, psycopg.errors.UniqueViolation):
        pass  # the savepoint is rolled back: nothing of this attempt stays
    column = table.c[key]
    present = set(
        session.scalars(select(column).where(matching(session, column, [row[key] for row in rows])))
    )
    new = [row for row in rows if row[key] not in present]
    insert_rows(session, table, new)
    return len(new)


def matching(session: Session, column, values: list[str]):
    """`column IN values` as one array parameter on PostgreSQL (`= ANY`): an IN list of a
    thousand parameters is rebuilt and re-planned for every batch."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(values), ARRAY(String)))
    return column.in_(values)
