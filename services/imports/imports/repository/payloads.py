"""A sent batch's command data, read back for a resend or for a dry run's earlier rows.

One copy only: the outbox row that carried the command (`Batch.message_id`). The sender used
to store the same JSON a second time in `Batch.payload`; writing that copy (hundreds of kB a
batch, compressed by PostgreSQL) was ~12 % of a 100k dry run's time. The outbox keeps a
published row for `FOYER_OUTBOX_KEEP_PUBLISHED_HOURS` (a week), and every resend writes a new
row, so an unanswered batch's command is never older than the resend interval (300 s). Batches
sent before migration 0008 still have their payload (JSON, or zlib-compressed JSON on SQLite
and before migration 0007), which is read first.
"""

from __future__ import annotations

import bisect
import zlib
from collections import OrderedDict

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.models import Batch, messaging

_DECODED_BATCHES = 4  # stored batches kept decoded: earlier rows often sit in the same few


class CommandGone(LookupError):
    """The batch's command is no longer in the outbox (pruned: its retention is shorter than
    the time the batch has been waiting)."""


def command_data(session: Session, batch: Batch) -> dict:
    """The `registry.import_batch` data the batch was sent with."""
    if batch.payload is not None:
        payload = batch.payload
        return orjson.loads(payload if payload[:1] == b"{" else zlib.decompress(payload))
    body = session.scalar(
        select(messaging.outbox.c.body).where(messaging.outbox.c.id == batch.message_id)
    )
    if body is None:
        raise CommandGone(f"batch {batch.batch_no}: its command is no longer in the outbox")
    return orjson.loads(body)["data"]


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
        rows = self._by_row(command_data(session, batch)["rows"])
        self._decoded[batch_no] = rows
        if len(self._decoded) > _DECODED_BATCHES:
            self._decoded.popitem(last=False)
        return rows

    @staticmethod
    def _by_row(rows: list[dict]) -> dict[int, dict]:
        return {row["row_no"]: row for row in rows}
