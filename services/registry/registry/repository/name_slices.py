"""Name slices: a large register cut into runs of its name order, each with a trigram index.

A common word's page by name otherwise sorts every match (95,000 for "berg" at 1M persons).
Cut into SLICES runs of the name order, the page is read from the first slices' matches alone,
each slice sorted apart (search._sliced_ids). PostgreSQL only; migration 0016 adds the column
`persons.name_slice`, generated from `person_name_slice(sort_name)`, whose bounds this module
writes. Measured and explained in docs/registry.md → Search, "Name slices".
"""

from __future__ import annotations

import math

from sqlalchemy import literal_column, text
from sqlalchemy.orm import Session

SLICE_INDEX = "ix_persons_search_slice_{}"
# Not a model column: PostgreSQL computes it, and the models stay the same on SQLite.
name_slice = literal_column("persons.name_slice")

_SLICES_IN_USE = text("SELECT person_name_slices()")
_SLICE_INDEXES = text(
    "SELECT indexname FROM pg_indexes WHERE tablename = 'persons' "
    "AND indexname LIKE 'ix\\_persons\\_search\\_slice\\_%'"
)
# Every step-th name of the name order: the first name of each slice but the first.
_BOUNDS = text(
    "SELECT sort_name FROM (SELECT sort_name, row_number() OVER (ORDER BY sort_name, id) AS n "
    "FROM persons) AS numbered WHERE n % :step = 1 AND n > 1 ORDER BY n"
)


def slices_in_use(session: Session) -> int:
    """How many slices the register is cut into; 0 when it is not (and on SQLite)."""
    if session.get_bind().dialect.name != "postgresql":
        return 0
    return session.scalar(_SLICES_IN_USE) or 0


def cut(session: Session, slices: int) -> int:
    """Cut the register into `slices` runs of its current name order (1 or fewer: no slices),
    in the caller's transaction; returns the number of slices made.

    The table is locked against reads and writes until the caller commits: the slice column is
    rewritten for every person (36 s at 1M, docs/operations.md), and no person may be written
    in between with the old bounds. Later persons fall into the slices by name; names keep
    their spread as a register grows, so the slices stay even enough without cutting again.
    """
    session.execute(text("LOCK TABLE persons IN ACCESS EXCLUSIVE MODE"))
    count = session.scalar(text("SELECT count(*) FROM persons")) or 0
    bounds = _bounds(session, count, slices) if slices > 1 else []
    for index in session.scalars(_SLICE_INDEXES).all():
        session.execute(text(f'DROP INDEX "{index}"'))
    session.execute(text("SELECT person_name_slices_set(:bounds)"), {"bounds": bounds})
    # The new bounds reach every stored slice in one rewrite (a generated column is computed
    # when a row is written, never again on its own).
    session.execute(
        text(
            "ALTER TABLE persons DROP COLUMN name_slice, ADD COLUMN name_slice smallint "
            "GENERATED ALWAYS AS (person_name_slice(sort_name)) STORED"
        )
    )
    made = slices_in_use(session)
    for k in range(1, made + 1):
        # k is this loop's own integer: DDL takes no bound parameters.
        session.execute(
            text(
                f"CREATE INDEX {SLICE_INDEX.format(k)} ON persons "
                f"USING gin (search_text gin_trgm_ops) WHERE name_slice = {k}"
            )
        )
    session.execute(text("ANALYZE persons"))
    return made


def _bounds(session: Session, count: int, slices: int) -> list[str]:
    """The first name of every slice but the first, each once (a name common enough to fill a
    slice leaves that slice out)."""
    step = max(1, math.ceil(count / slices))
    bounds: list[str] = []
    for name in session.scalars(_BOUNDS, {"step": step}):
        if not bounds or name != bounds[-1]:
            bounds.append(name)
    return bounds
