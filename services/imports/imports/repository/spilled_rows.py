"""The rows a sender has put into batches in this pass, by row number, in a temporary file.

A dry run's batch carries the earlier rows its rows depend on (domain/earlier_rows.py), and
those sit anywhere earlier in the file. Reading each back from its stored batch meant decoding
a whole batch's command (~1,000 rows, from the outbox) per earlier row, and repeated keys spread
over the whole file: a file ten times longer has about ten times more such rows per batch, so
the sender's time grew with the square of the file (1,000,000 rows took 51× the time of
100,000). Here one row is one read. The file lies beside the uploads and is gone when closed,
also when the process dies (an unnamed temporary file); a resumed sender reads the file from
its start anyway, so it fills its own.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from pathlib import Path

import orjson


class SpilledRows:
    """`add` every row as it is batched (rising row numbers); `rows` reads any of them back,
    as they were sent (JSON)."""

    def __init__(self, folder: str | Path):
        Path(folder).mkdir(parents=True, exist_ok=True)
        self._file = tempfile.TemporaryFile(dir=folder)
        # Indexed by row number (~12 bytes a row of the file): where its JSON starts and how long.
        self._starts = array("q")
        self._lengths = array("l")
        self._end = 0

    def add(self, row: dict) -> None:
        data = orjson.dumps(row)
        missing = row["row_no"] - len(self._starts)
        if missing < 0:
            raise ValueError(f"row {row['row_no']} came after a later row")
        if missing:  # rows not batched (errors, empty rows) keep no place
            self._starts.extend([-1] * missing)
            self._lengths.extend([0] * missing)
        self._starts.append(self._end)
        self._lengths.append(len(data))
        self._file.write(data)
        self._end += len(data)

    def rows(self, row_nos: list[int]) -> list[dict]:
        """Those rows, in that order (each must have been added)."""
        self._file.flush()
        descriptor = self._file.fileno()
        found = []
        for row_no in row_nos:
            start = self._starts[row_no] if row_no < len(self._starts) else -1
            if start < 0:
                raise KeyError(f"row {row_no} was not batched")
            found.append(orjson.loads(os.pread(descriptor, self._lengths[row_no], start)))
        return found

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> SpilledRows:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
