"""A dry run's batches carry the earlier rows of the file that their rows depend on.

In a run the registry writes the batches in key order (batch_order.py), so a personnummer
repeated 40,000 rows later updates the person its first row created. A dry run writes nothing,
so without help its later batch would say "would create" a second time. So each dry-run batch
carries `earlier_rows`: the rows of earlier batches sharing a key with its rows (the match
column, personnummer, org number, and for an employee the company row of that name), with
theirs in turn. The registry applies those first inside the batch's rolled-back savepoint and
then says exactly what the run will do.

Memory: one compact map of key hashes to the latest row holding each (~24 bytes a key), and
the few rows that depend on earlier ones. The earlier rows themselves are read back from the
sender's temporary file of the rows it has batched (repository/spilled_rows.py).
"""

from __future__ import annotations

from imports.domain.batch_order import row_keys
from imports.domain.rows.seen import SeenMap, quick_key_of

# A key repeated hundreds of times makes long chains; the run's outcome of a row depends on
# the latest few rows before it, so the oldest beyond this are left out (docs/imports.md).
MOST_EARLIER_ROWS = 50


class EarlierRows:
    """Tracks a file's keys in order; `of(row)` gives the earlier rows the row depends on."""

    def __init__(self, match_on: str):
        self._match_on = match_on
        self._by_personnummer = match_on == "personnummer"
        # key → the latest row holding it; built and dropped in one pass, so Python's hash.
        self._latest = SeenMap(hash_of=quick_key_of)
        self._depends: dict[int, tuple[int, ...]] = {}  # only rows that depend on others

    def of(self, row: dict) -> tuple[int, ...]:
        """The earlier row numbers `row` depends on, oldest first; records the row's keys.
        (The keys are batch_order.row_keys; the common case, a person matched on
        personnummer, is written out: this runs for every row of a dry run.)"""
        row_no, latest = row["row_no"], self._latest
        if (
            self._by_personnummer
            and row.get("kind") == "person"
            and "company" not in row
            and "org_number" not in row
        ):
            pnr = row.get("personnummer")
            holder = latest.swap(pnr, row_no) if pnr else None
            return () if holder is None else self._depend(row_no, {holder})
        keys = row_keys(row, self._match_on)
        holders = {latest.swap(key, row_no) for key in keys.numbers}
        if keys.employer:
            holders.add(latest.get(keys.employer))
        if keys.company:
            latest.swap(keys.company, row_no)
        holders.discard(None)
        return self._depend(row_no, holders) if holders else ()

    def _depend(self, row_no: int, holders: set[int]) -> tuple[int, ...]:
        earlier = set(holders)
        for holder in holders:
            earlier.update(self._depends.get(holder, ()))
        chain = tuple(sorted(earlier)[-MOST_EARLIER_ROWS:])
        self._depends[row_no] = chain
        return chain
