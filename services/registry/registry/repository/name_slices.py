"""Name slices: a large register cut into runs of its name order, each with a trigram index.

A common word's page by name otherwise sorts every match (95,000 for "berg" at 1M persons).
Cut into runs of the name order (64: use_cases/name_slices.py), the page is read from the first
slices' matches alone, each slice sorted apart (first_matches, page_ids). PostgreSQL only;
migration 0016 adds the column
`persons.name_slice`, generated from `person_name_slice(sort_name)`, whose bounds this module
writes. Measured and explained in docs/registry.md → Search, "Name slices".

The walk over the slices runs in the database, in two functions written with the slices
(_walks): a query of 64 branches took ~25 ms to plan and, built and sent from Python, another
~45 ms to construct and parse, for ~11 ms of execution; PL/pgSQL plans it once per connection.
"""

from __future__ import annotations

import math

from sqlalchemy import text
from sqlalchemy.orm import Session

SLICE_INDEX = "ix_persons_search_slice_{}"

_SLICES_IN_USE = text("SELECT person_name_slices()")
_SLICE_INDEXES = text(
    "SELECT indexname FROM pg_indexes WHERE tablename = 'persons' "
    "AND indexname LIKE 'ix\\_persons\\_search\\_slice\\_%'"
)
# Every step-th name of the name order: the first name of each slice but the first.
_BOUNDS = text(
    "SELECT sort_name FROM (SELECT sort_name, row_number() OVER (ORDER BY sort_name, id) AS n "
    "FROM persons) AS numbered WHERE (n - 1) % :step = 0 AND n > 1 ORDER BY n"
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
    rewritten for every person and the slice indexes built (95-100 s at 1M, docs/operations.md),
    and no person may be written in between with the old bounds. Later persons fall into the
    slices by name; names keep their spread as a register grows, so the slices stay even
    enough without cutting again.
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
    for statement in _walks(made):
        session.execute(text(statement))
    for k in range(1, made + 1):
        # k is this loop's own integer: DDL takes no bound parameters.
        session.execute(
            text(
                f"CREATE INDEX {SLICE_INDEX.format(k)} ON persons "
                f"USING gin (search_text gin_trgm_ops) WHERE name_slice = {k}"
            )
        )
    return made


def first_matches(
    session: Session, pattern: str, cap: int, wanted: int, descending: bool
) -> tuple[int, int, list[str]]:
    """The first `cap` matches of a LIKE pattern, the slices read in order (in reverse when
    descending), so a word in most names ("son") stops within the first slice: (how many,
    how many of them are in slices read whole, the first `wanted` of those in name order).
    Read whole means every match of the slice is among them: all slices when fewer than `cap`
    matched, else all but the last one reached; a page beyond those needs page_ids."""
    row = session.execute(
        text("SELECT * FROM person_name_slice_first(:pattern, :cap, :wanted, :descending)"),
        {"pattern": pattern, "cap": cap, "wanted": wanted, "descending": descending},
    ).one()
    return row.matches, row.in_whole_slices, list(row.first_ids or [])


def page_ids(session: Session, pattern: str, wanted: int, descending: bool) -> list[str]:
    """The first `wanted` ids matching a LIKE pattern in name order (reversed: descending),
    each slice's matches sorted apart, the slices in order until `wanted` are found."""
    return list(
        session.scalars(
            text("SELECT * FROM person_name_slice_page(:pattern, :wanted, :descending)"),
            {"pattern": pattern, "wanted": wanted, "descending": descending},
        )
    )


# Both run their slices as UNION ALL branches in order under a LIMIT: PostgreSQL's Append runs
# its branches one after the other, in the order written, and stops when the LIMIT is met. In
# parallel it would not keep that order: parallel plans are off inside them. Each branch names
# its slice, so PostgreSQL picks that slice's partial index when it plans; the plan is generic
# (the word is a parameter) and kept for the connection's life.
_WALK_SETTINGS = (
    "LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan "
    "SET max_parallel_workers_per_gather = 0"
)
_FIRST = "person_name_slice_first(pattern text, cap integer, wanted integer, descending boolean)"
_PAGE = "person_name_slice_page(pattern text, wanted integer, descending boolean)"


def _walks(slices: int) -> list[str]:
    """DDL of person_name_slice_first and person_name_slice_page (first_matches, page_ids) for
    `slices` slices (none: both dropped). Only this module's integers are written into them;
    the word is always a parameter."""
    if not slices:
        return [
            "DROP FUNCTION IF EXISTS person_name_slice_first(text, integer, integer, boolean)",
            "DROP FUNCTION IF EXISTS person_name_slice_page(text, integer, boolean)",
        ]
    up, down = range(1, slices + 1), range(slices, 0, -1)
    return [
        f"CREATE OR REPLACE FUNCTION {_FIRST} RETURNS TABLE "
        f"(matches bigint, in_whole_slices bigint, first_ids varchar[]) {_WALK_SETTINGS} "
        f"AS $walk$ BEGIN IF descending THEN RETURN QUERY {_first(down, '>', ' DESC')}; "
        f"ELSE RETURN QUERY {_first(up, '<', '')}; END IF; END $walk$",
        f"CREATE OR REPLACE FUNCTION {_PAGE} RETURNS SETOF varchar {_WALK_SETTINGS} "
        f"AS $walk$ BEGIN IF descending THEN RETURN QUERY {_page(down, ' DESC')} LIMIT $2; "
        f"ELSE RETURN QUERY {_page(up, '')} LIMIT $2; END IF; END $walk$",
    ]


def _match(k: int) -> str:
    return f"FROM persons WHERE name_slice = {k} AND search_text LIKE $1"


def _first(order: range, before: str, direction: str) -> str:
    """The first $2 matches in slice order ($1 the pattern); those in slices read whole (before
    the last slice reached, or all when fewer matched); the first $3 of those by name."""
    branches = " UNION ALL ".join(
        f"(SELECT id, {k} AS slice, coalesce(sort_name, '') AS name {_match(k)})" for k in order
    )
    by_name = f"slice{direction}, name{direction}, id{direction}"
    return (
        f"WITH found AS MATERIALIZED (SELECT * FROM ({branches}) AS branches LIMIT $2), "
        "reach AS (SELECT count(*) AS n, "
        f"{'min' if before == '>' else 'max'}(slice) AS last FROM found), "
        f"whole AS (SELECT found.* FROM found, reach WHERE reach.n < $2 OR slice {before} last) "
        "SELECT (SELECT n FROM reach), (SELECT count(*) FROM whole), "
        f"ARRAY(SELECT id FROM whole ORDER BY {by_name} LIMIT $3)"
    )


def _page(order: range, direction: str) -> str:
    return " UNION ALL ".join(
        f"(SELECT id {_match(k)} ORDER BY coalesce(sort_name, ''){direction}, id{direction} "
        "LIMIT $2)"
        for k in order
    )


def _bounds(session: Session, count: int, slices: int) -> list[str]:
    """The first name of every slice but the first, each once (a name common enough to fill a
    slice leaves that slice out)."""
    step = max(1, math.ceil(count / slices))
    bounds: list[str] = []
    for name in session.scalars(_BOUNDS, {"step": step}):
        if not bounds or name != bounds[-1]:
            bounds.append(name)
    return bounds
