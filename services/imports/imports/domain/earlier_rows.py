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
batches already stored, not kept.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.domain.batch_order import row_keys
from imports.domain.rows.seen import SeenMap, quick_key_of
from imports.models import Batch
from imports.repository import payloads

# A key repeated hundreds of times makes long chains; the run's outcome of a row depends on
# the latest few rows before it, so the oldest beyond this are left out (docs/imports.md).
MOST_EARLIER_ROWS = 50
_DECODED_BATCHES = 4  # stored batches kept decoded: earlier rows often sit in the same few


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


class StoredRows:
    """The rows of a job's batches by row number: from batches still in memory, else read back
    from the stored commands (a few kept decoded)."""

    def __init__(self, job_id: str):
        self._job_id = job_id
        self._first_rows: list[int] = []  # the first row number of batch 1, 2, ... in order
        self._batch_nos: list[int] = []
        self._decoded: OrderedDict[int, dict[int, dict]] = OrderedDict()

    def batch_starts(self, batch_no: int, first_row: int) -> None:
        self._first_rows.append(first_row)
        self._batch_nos.append(batch_no)

    def rows(self, session: Session, row_nos: list[int], unsent: dict[int, list]) -> list[dict]:
        """The rows with those numbers, in that order; `unsent`: {batch_no: rows} not stored
        yet."""
        found, in_memory = [], {}
        for row_no in row_nos:
            batch_no = self._batch_nos[bisect.bisect_right(self._first_rows, row_no) - 1]
            if batch_no in unsent:
                if batch_no not in in_memory:
                    in_memory[batch_no] = self._by_row(unsent[batch_no])
                rows = in_memory[batch_no]
            else:
                rows = self._stored(session, batch_no)
            found.append(rows[row_no])
        return found

    def _stored(self, session: Session, batch_no: int) -> dict[int, dict]:
        if batch_no in self._decoded:
            self._decoded.move_to_end(batch_no)
            return self._decoded[batch_no]
        batch = session.scalar(
            select(Batch).where(Batch.job_id == self._job_id, Batch.batch_no == batch_no)
        )
        rows = self._by_row(payloads.command_data(session, batch)["rows"])
        self._decoded[batch_no] = rows
        if len(self._decoded) > _DECODED_BATCHES:
            self._decoded.popitem(last=False)
        return rows

    @staticmethod
    def _by_row(rows: list[dict]) -> dict[int, dict]:
        return {row["row_no"]: row for row in rows}
