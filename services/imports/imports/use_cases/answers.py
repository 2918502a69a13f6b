"""Use cases: the registry's answers to a job's batches and to its undo, recorded in the
consumer's transaction (handlers.py hands each message's data here, once)."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from imports.domain.column_names import labels_of, name_columns
from imports.models import Batch
from imports.models.job import ACTIVE, DRY_RUN, UNDO_REQUESTED, UNDONE
from imports.repository.batches import BatchRepository
from imports.repository.jobs import JobRepository
from imports.repository.outcomes import OutcomeRepository
from imports.use_cases.finishing import (
    REGISTRY_KEYS,
    add_counts,
    add_unknown_statuses,
    fail,
    finish_if_done,
)

log = logging.getLogger(__name__)


def batch_processed(session: Session, data: dict) -> None:
    """Record each row's outcome and the job's progress; the last answer finishes the phase."""
    batch = BatchRepository(session).lock(data["job_id"], int(data["batch_no"]))
    if batch is None:
        # A dry run repeated since, or a job removed: this answer belongs to nothing now.
        log.info("answer for unknown batch %s/%s ignored", data["job_id"], data["batch_no"])
        return
    if batch.answered_at is not None:
        return  # a resent batch answered twice: the first answer counted
    job = JobRepository(session).lock(batch.job_id)
    batch.answered_at = utcnow()
    job.batches_open -= 1
    if job.phase != batch.phase:
        return
    if data.get("error"):
        if job.state in ACTIVE:
            fail(session, job, f"the registry refused batch {batch.batch_no}: {data['error']}")
        return
    outcomes = data.get("outcomes") or []
    created = data.get("created_rows") or []  # the short form: [row_no, person_id] pairs
    duplicates = {int(row): earlier for row, earlier in (batch.duplicates or {}).items()}
    _record(
        session,
        job.id,
        batch,
        _kept(batch.phase, outcomes, duplicates),
        created if batch.phase != DRY_RUN else [pair for pair in created if pair[0] in duplicates],
        duplicates,
        labels_of(job.mapping),
    )
    keys = REGISTRY_KEYS[batch.phase]
    tally: dict[str, int] = {keys["created"]: len(created)} if created else {}
    # The registry names rows repeating the key of an earlier row (a personnummer twice in
    # the file); the file rules counted the e-mail duplicates already.
    repeats = sum(
        1 for o in outcomes if o.get("duplicate_of_row") and int(o["row_no"]) not in duplicates
    )
    if repeats:
        tally["duplicates_in_file"] = repeats
    for outcome in outcomes:
        key = keys.get(outcome["outcome"], outcome["outcome"])
        tally[key] = tally.get(key, 0) + 1
    add_counts(job, **tally)
    if data.get("unknown_statuses"):
        add_unknown_statuses(job, data["unknown_statuses"])
    job.rows_done += batch.row_count
    # Batches sent before a failure may still be applied: recorded above, but the job stays
    # failed (their rows are in the outcomes, the error file and the GDPR export).
    if job.state in ACTIVE:
        finish_if_done(session, job)


def _record(
    session: Session,
    job_id: str,
    batch: Batch,
    outcomes: list[dict],
    created: list,
    duplicates: dict[int, int],
    labels: dict[str, str],
) -> None:
    """One row per outcome. Plain ones (no error, no diff, no duplicate: most of a run) go
    without those columns, which spares turning a None into JSON for each of them."""
    plain, detailed = [], []
    for row_no, person_id in created:
        row = {
            "job_id": job_id,
            "phase": batch.phase,
            "row_no": int(row_no),
            "batch_no": batch.batch_no,
            "outcome": "created",
            "person_id": person_id,
        }
        if row["row_no"] in duplicates:
            detailed.append(
                {**row, "error": None, "diff": None, "duplicate_of_row": duplicates[row["row_no"]]}
            )
        else:
            plain.append(row)
    for o in outcomes:
        row = {
            "job_id": job_id,
            "phase": batch.phase,
            "row_no": int(o["row_no"]),
            "batch_no": batch.batch_no,
            "outcome": o["outcome"],
            "person_id": o.get("person_id"),
        }
        earlier = duplicates.get(row["row_no"]) or o.get("duplicate_of_row")
        if o.get("error") is None and o.get("diff") is None and earlier is None:
            plain.append(row)
        else:
            detailed.append(
                {
                    **row,
                    "error": name_columns(o.get("error"), labels),
                    "diff": o.get("diff"),
                    "duplicate_of_row": earlier,
                }
            )
    repository = OutcomeRepository(session)
    repository.insert(plain)
    repository.insert(detailed)


def _kept(phase: str, outcomes: list[dict], duplicates: dict[int, int]) -> list[dict]:
    """The outcomes worth a row each. A dry run's "would create" rows are only counted: the
    person does not exist yet (no id) and the row says nothing the file does not, while most
    rows of a new customer's register are such rows; except a duplicate in the file, which is
    listed for review. The run keeps every row: the GDPR export and the per-row list find a
    person's rows through them."""
    if phase != DRY_RUN:
        return outcomes
    return [o for o in outcomes if o["outcome"] != "created" or int(o["row_no"]) in duplicates]


def undo_processed(session: Session, data: dict) -> None:
    job = JobRepository(session).lock(data["job_id"])
    if job is None or job.state != UNDO_REQUESTED:
        return
    job.state = UNDONE
    kept = data.get("kept") or []
    # kept_count: how many were kept; `kept` lists at most the first 1,000 (registry).
    job.undo_result = {
        "removed": data.get("removed", 0),
        "kept": kept,
        "kept_count": data.get("kept_count", len(kept)),
    }
    job.undo_done = job.undo_result["removed"] + job.undo_result["kept_count"]


def undo_progress(session: Session, data: dict) -> None:
    """After each chunk of a long undo: how many of the job's persons are done (removed or
    kept). Never backwards: a late report of an earlier chunk changes nothing."""
    job = JobRepository(session).lock(data["job_id"])
    if job is None or job.state != UNDO_REQUESTED:
        return
    job.undo_done = max(job.undo_done or 0, int(data.get("removed", 0)) + int(data.get("kept", 0)))
