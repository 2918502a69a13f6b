"""registry.import_batch: commands from imports, answered by events (undo: undo.py).

A batch is applied once per (job_id, batch_no): a resent command gets the stored answer again.
Each row is all-or-nothing (a savepoint); a dry run applies the batch the same way and then
rolls all of it back, so its outcomes say exactly what the run would do.
"""

from __future__ import annotations

import logging

import orjson
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from foyer_shared.bulk import matching
from foyer_shared.envelope import Envelope
from foyer_shared.metrics import IMPORT_ROWS, count_after_commit
from registry import events
from registry.domain import InvalidInput
from registry.domain.import_statuses import may_create, undecided
from registry.domain.requirements import EXTRA, STAFF_CREATE
from registry.models import ImportBatch, ImportedPerson, RequiredField
from registry.use_cases import Conflict, NotFound
from registry.use_cases.imports import accounts, fast, order
from registry.use_cases.imports.rows import APPLY, RowError

log = logging.getLogger(__name__)

MODES = ("create_only", "update_existing", "create_or_update")
MATCH_ON = ("personnummer", "email", "external_number")
ROW_REFUSED = (RowError, InvalidInput, Conflict, NotFound, KeyError)  # one row, said in words


def on_import_batch(
    session: Session, envelope: Envelope, region: str = "SE", turn_timeout: float = 30.0
) -> None:
    data = envelope.data
    job_id, batch_no = str(data["job_id"]), int(data["batch_no"])
    if _answered_again(session, job_id, batch_no):  # a resend: the answer may have been lost
        return
    dry_run = bool(data.get("dry_run"))
    answer = {"job_id": job_id, "batch_no": batch_no, "dry_run": dry_run}
    refusal = _refusal(data)
    if refusal:
        answer["error"] = refusal
    else:
        job = _job(data)
        order.working_on(session, job_id, batch_no)
        # A resent copy of this batch may have been applied by the other worker while we
        # waited for the lock on it: then this is a resend too.
        if _answered_again(session, job_id, batch_no):
            return
        prepared = statuses = None
        rows = data.get("rows") or []
        if (data.get("kind") or "customers") == "customers":
            job["required"] = _required_on_import(session)
            if dry_run:
                _undecided_statuses(session, data, job, answer)
            statuses = None if dry_run else fast.known_statuses(session, rows)
            prepared = fast.prepare(job, rows, region, statuses)
        order.wait_for_batches(session, job_id, order.batches_before(data), turn_timeout)
        if statuses is not None:
            # A batch written beside this one may be creating the same new status.
            missing = fast.missing_statuses(rows, statuses)
            order.creating_statuses(session, {n for n in missing if may_create(job["options"], n)})
        outcomes = _apply_batch(session, data, job, region, prepared)
        count_after_commit(
            session, IMPORT_ROWS.labels("checked" if dry_run else "applied"), len(rows)
        )
        accounts.request_accounts(session, data, outcomes)
        answer.update(_short_form(outcomes))
    session.add(
        ImportBatch(
            job_id=job_id,
            batch_no=batch_no,
            dry_run=answer["dry_run"],
            answer=orjson.dumps(answer).decode(),
        )
    )
    events.outbox.event(session, events.BATCH_PROCESSED, answer)


def _required_on_import(session: Session) -> frozenset[str]:
    """The base fields the owner requires when staff register a person (issue 23 §2): a row
    creating a person must have them. Extended fields are not asked of a file (it has none)."""
    names = session.scalars(
        select(RequiredField.field).where(RequiredField.scenario == STAFF_CREATE)
    )
    return frozenset(n for n in names if not n.startswith(EXTRA))


def _undecided_statuses(session: Session, data: dict, job: dict, answer: dict) -> None:
    """A dry run lists the statuses the job has not decided about once, with their row counts
    (domain/import_statuses.py), and judges their rows as if the statuses were to be created,
    so those rows are not refused one by one. The dry run's writes are rolled back."""
    rows, earlier = data.get("rows") or [], data.get("earlier_rows") or []
    known = set(fast.known_statuses(session, rows + earlier))
    unknown = undecided(rows, known, job["options"])
    if unknown:
        answer["unknown_statuses"] = unknown
    if unknown or undecided(earlier, known, job["options"]):
        job["options"] = {**job["options"], "create_missing_statuses": True}


def _short_form(outcomes: list[dict]) -> dict:
    """Plain "created" rows as [row_no, person_id] pairs (most rows of an import: the answer,
    stored and published, shrinks to a fifth), every other outcome in full, both in row order."""
    created, others = [], []
    for outcome in outcomes:
        if outcome["outcome"] == "created" and not outcome.get("error") and "diff" not in outcome:
            created.append([outcome["row_no"], outcome["person_id"]])
        else:
            others.append(outcome)
    return {"created_rows": created, "outcomes": others}


def _answered_again(session: Session, job_id: str, batch_no: int) -> bool:
    """Publishes the stored answer again if the batch was applied (a fresh read, not the
    session's identity map: another worker may have committed it a moment ago)."""
    stored = session.scalar(
        select(ImportBatch.answer).where(
            ImportBatch.job_id == job_id, ImportBatch.batch_no == batch_no
        )
    )
    if stored is None:
        return False
    events.outbox.event(session, events.BATCH_PROCESSED, orjson.loads(stored))
    return True


def _job(data: dict) -> dict:
    return {
        "job_id": str(data["job_id"]),
        "mode": data.get("mode") or "create_or_update",
        "match_on": data.get("match_on") or "personnummer",
        "options": data.get("options") or {},
    }


def _apply_batch(  # noqa: C901 (to split: docs/architecture.md)
    session: Session, data: dict, job: dict, region: str, prepared: fast.Prepared | None
) -> list[dict]:
    kind = data.get("kind") or "customers"
    apply = APPLY[kind]
    rows = data.get("rows") or []
    whole = session.begin_nested() if data.get("dry_run") else None
    made: set[str] = set()  # persons this dry run creates (ids that will not exist)
    if whole is not None and data.get("earlier_rows"):
        # Rows of earlier batches that this batch's rows depend on (imports/earlier_rows.py):
        # applied first, so a key repeated from far back shows as the run will apply it.
        made |= _apply_earlier(session, job, data["earlier_rows"], apply, region)
    done, slow = {}, list(range(len(rows)))
    if kind == "customers":
        done, slow = fast.split(session, job, rows, region, whole is not None, prepared)
    for index in slow:
        row = rows[index]
        outcome = {
            "row_no": row.get("row_no"),
            "outcome": "error",
            "person_id": None,
            "error": None,
        }
        row_savepoint = session.begin_nested()
        try:
            result, person_id, diff = apply(session, job, row, region)
            row_savepoint.commit()
            outcome.update(outcome=result, person_id=person_id)
            if diff:
                outcome["diff"] = diff
        except IntegrityError:  # a race with another writer on a unique number
            row_savepoint.rollback()
            outcome["error"] = "conflicts with another person (personnummer or number in use)"
        except ROW_REFUSED as exc:
            row_savepoint.rollback()
            outcome["error"] = _plain(exc)
        done[index] = outcome
    if kind == "customers":
        _mark_repeats(session, job["job_id"], done.values())  # before a dry run's rollback
    if whole is not None:
        whole.rollback()  # a dry run writes nothing, events included
        made |= {o["person_id"] for o in done.values() if o["outcome"] == "created"}
        for outcome in done.values():  # a person it would create has no id yet
            if outcome["person_id"] in made:
                outcome["person_id"] = None
    return [done[index] for index in range(len(rows))]


def _mark_repeats(session: Session, job_id: str, outcomes) -> None:
    """A row that updates (or finds unchanged) a person an earlier row of the same file
    created repeats that row's key: `duplicate_of_row` names it, for review. In a dry run the
    earlier rows it carries were applied in its savepoint, so it says the same as the run."""
    matched: dict[str, list[dict]] = {}
    for outcome in outcomes:
        if outcome["outcome"] in ("updated", "unchanged") and outcome["person_id"]:
            matched.setdefault(outcome["person_id"], []).append(outcome)
    if not matched:
        return
    first_rows = session.execute(
        select(ImportedPerson.person_id, ImportedPerson.row_no).where(
            ImportedPerson.job_id == job_id,
            matching(session, ImportedPerson.person_id, sorted(matched)),
        )
    ).all()
    for person_id, row_no in first_rows:
        for outcome in matched[person_id]:
            if row_no is not None and row_no < (outcome["row_no"] or 0):
                outcome["duplicate_of_row"] = row_no


def _apply_earlier(session: Session, job: dict, rows: list[dict], apply, region: str) -> set:
    """Applies a dry run's earlier rows one by one, as the run will have; their outcomes are
    not this batch's (their own batch reports them). Returns the ids of persons they create."""
    made = set()
    for row in rows:
        savepoint = session.begin_nested()
        try:
            result, person_id, _diff = apply(session, job, row, region)
            savepoint.commit()
        except (IntegrityError, *ROW_REFUSED):
            savepoint.rollback()  # the run refuses it too: later rows see it missing
            continue
        if result == "created":
            made.add(person_id)
    return made


def _refusal(data: dict) -> str | None:
    if (data.get("kind") or "customers") not in APPLY:
        return f"unknown kind {data.get('kind')!r}"
    if (data.get("mode") or "create_or_update") not in MODES:
        return f"unknown mode {data.get('mode')!r}"
    if (data.get("match_on") or "personnummer") not in MATCH_ON:
        return f"cannot match on {data.get('match_on')!r}"
    return None


def _plain(exc: Exception) -> str:
    if isinstance(exc, InvalidInput):
        return "; ".join(
            f"{field}: {', '.join(map(str, messages))}" for field, messages in exc.errors.items()
        )
    if isinstance(exc, KeyError):
        return f"missing {exc.args[0]}"
    return str(exc)
