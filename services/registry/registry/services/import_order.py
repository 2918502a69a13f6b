"""A job's batches are written in the file's order, also with several workers consuming them.

Several registry processes may consume `registry.commands` (`python -m registry import-worker`):
each checks its batch's rows while another writes the batch before it, and then waits for that
batch to be committed before it looks anyone up or writes. So a row sees every earlier row of
the file, exactly as with one worker: the same key twice makes the second an update, a family
named on two rows is one family. A dry run writes nothing that a later batch could see, so its
batches do not wait.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import ImportBatch

# Short polls: the wait is usually the other worker's commit, a fraction of a second away, and
# every millisecond here is a millisecond of the import (one cheap query per poll).
_FIRST_POLL, _LONGEST_POLL = 0.002, 0.01


class EarlierBatchMissing(RuntimeError):
    """The batch before has not been applied in time: the consumer retries this one later."""


def wait_for_previous(session: Session, job_id: str, previous: int | None,
                      timeout: float) -> None:
    """Returns once batch `previous` of the job is committed (at once when there is none).

    Each poll is its own statement, so under READ COMMITTED it sees the other worker's commit.
    After `timeout` seconds it gives up: the message goes back through the consumer's retries,
    which frees this worker to take the missing batch should it be redelivered here."""
    if previous is None:
        return
    deadline, pause = time.monotonic() + timeout, _FIRST_POLL
    while session.scalar(select(ImportBatch.batch_no).where(
            ImportBatch.job_id == job_id, ImportBatch.batch_no == previous)) is None:
        if time.monotonic() > deadline:
            raise EarlierBatchMissing(f"batch {previous} of job {job_id} is not applied yet")
        time.sleep(pause)
        pause = min(pause * 2, _LONGEST_POLL)
