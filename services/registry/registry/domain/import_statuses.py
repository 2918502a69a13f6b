"""Which unknown statuses an import may create, and which a dry run reports (issue 23 §11).

A file may name statuses the installation does not have yet. The job decides per value:
`create_statuses` (names it may create), `create_missing_statuses` (any), or imports maps the
value to an existing status before the row is sent. A dry run judges the rows as if every
unknown status were to be created and reports the unknown values once, with their row counts.
"""

from __future__ import annotations


def may_create(options: dict, name: str) -> bool:
    """The job allows creating the status `name` (compared in any case)."""
    if options.get("create_missing_statuses"):
        return True
    return name.casefold() in {n.casefold() for n in options.get("create_statuses") or ()}


def undecided(rows: list[dict], known: set[str], options: dict) -> dict[str, int]:
    """{status as first written: rows naming it} of the rows' statuses that neither exist
    (`known`, lower-cased names) nor may be created; values compared in any case."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for row in rows:
        name = row.get("status")
        if not name or name.lower() in known or may_create(options, name):
            continue
        first = spelling.setdefault(name.casefold(), name)
        counts[first] = counts.get(first, 0) + 1
    return counts
