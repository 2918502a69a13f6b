"""registry.import_undo: remove the persons an import created, unless changed since.

A big import is undone in chunks, one transaction each: a chunk removes up to UNDO_CHUNK
persons and, in the same transaction, sends the registry the command again with the totals so
far (`removed_so_far`, `kept_so_far`). One transaction for 40,000 persons held the consumer
for minutes, past the broker's heartbeat, and a crash lost all of it; a crash now repeats one
chunk. The last chunk answers `registry.import_undo.processed` with the totals, as before.

Family heads go last: a head is blocked while the family has other members, and the members
the same import created are removed first. A family left empty goes too. A chunk is deleted
set-wise (erase.delete_many) with one registry.persons.deleted event.
"""

from __future__ import annotations

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from foyer_shared.bulk import matching
from foyer_shared.envelope import Envelope
from registry import events
from registry.models import Family, FamilyMember, ImportedPerson, ImportFamily, Person
from registry.use_cases.imports import erase

# As many as a batch of the import: each chunk costs a transaction and a round trip through
# the broker; 500 a chunk took 1.5-3x the time per person of 2,500 (wall, profiled).
UNDO_CHUNK = 2500
# The kept persons listed by id; `kept_count` says how many there were. An undo after the
# register was imported again can keep tens of thousands ("changed since the import"): listed
# in full, every chunk's command and the job shown to the user grew by megabytes.
KEPT_LISTED = 1000


def on_import_undo(session: Session, envelope: Envelope, chunk: int = UNDO_CHUNK) -> None:
    data = envelope.data
    job_id = str(data["job_id"])
    removed = int(data.get("removed_so_far") or 0)
    kept = list(data.get("kept_so_far") or [])
    kept_count = int(data.get("kept_count_so_far") or len(kept))
    if "removed_so_far" not in data:
        _fresh_statistics(session)
    rows = _next_chunk(session, job_id, chunk)
    # Persons deleted since by someone else are not found there: simply done.
    deleted, kept_now = erase.delete_many(session, dict(rows))
    removed += len(deleted)
    kept_count += len(kept_now)
    kept = (kept + kept_now)[:KEPT_LISTED]
    session.execute(
        delete(ImportedPerson).where(
            ImportedPerson.job_id == job_id,
            matching(session, ImportedPerson.person_id, [r[0] for r in rows]),
        )
    )
    if len(rows) == chunk:
        events.outbox.command(
            session,
            events.UNDO,
            {
                "job_id": job_id,
                "removed_so_far": removed,
                "kept_so_far": kept,
                "kept_count_so_far": kept_count,
            },
            envelope.correlation_id,
        )
        # So the job can show how far a long undo is (imports: progress while undo_requested).
        events.outbox.event(
            session,
            events.UNDO_PROGRESS,
            {"job_id": job_id, "removed": removed, "kept": kept_count},
            envelope.correlation_id,
        )
        return
    _remove_empty_families(session, job_id)
    events.outbox.event(
        session,
        events.UNDO_PROCESSED,
        {"job_id": job_id, "removed": removed, "kept": kept, "kept_count": kept_count},
        envelope.correlation_id,
    )


def unchanged_since_import(session: Session, person: Person) -> list[ImportedPerson]:
    """The imports that created this person and could still undo it (its version unmoved)."""
    return list(
        session.scalars(
            select(ImportedPerson).where(
                ImportedPerson.person_id == person.id, ImportedPerson.version == person.version
            )
        )
    )


def _fresh_statistics(session: Session) -> None:
    """An undo often follows its import at once, before autovacuum has analysed the rows the
    import added: the planner, thinking the job had a few hundred, sorted all 95,000 of them
    for each chunk (166 ms a chunk at the start of a 100k undo; 3 ms with fresh statistics)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE imported_persons"))


def _next_chunk(session: Session, job_id: str, chunk: int) -> list[tuple]:
    """(person_id, version the import left): members and persons without a family first,
    family heads once no one else is left. Each query walks the job's rows in key order
    (processed rows are deleted), so a chunk costs the same at the end of a 100,000-person
    undo as at its start; ordering them all by "is head" first made it 2× slower at 95,000
    persons than at 19,000. The persons' versions now are read, locked, by erase.delete_many."""
    heads = select(FamilyMember.person_id).where(FamilyMember.is_head.is_(True))
    rows = _chunk(session, job_id, ImportedPerson.person_id.not_in(heads), chunk)
    if len(rows) < chunk:
        rows += _chunk(session, job_id, ImportedPerson.person_id.in_(heads), chunk - len(rows))
    return rows


def _chunk(session: Session, job_id: str, which, limit: int) -> list[tuple]:
    return [
        tuple(row)
        for row in session.execute(
            select(ImportedPerson.person_id, ImportedPerson.version)
            .where(ImportedPerson.job_id == job_id, which)
            .order_by(ImportedPerson.person_id)
            .limit(limit)
        )
    ]


def _remove_empty_families(session: Session, job_id: str) -> None:
    family_ids = list(
        session.scalars(select(ImportFamily.family_id).where(ImportFamily.job_id == job_id))
    )
    if family_ids:
        still_used = select(FamilyMember.family_id).where(FamilyMember.family_id.in_(family_ids))
        session.execute(
            delete(Family).where(Family.id.in_(family_ids), Family.id.not_in(still_used))
        )
    session.execute(delete(ImportFamily).where(ImportFamily.job_id == job_id))
