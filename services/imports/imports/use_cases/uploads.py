"""Use case: upload a file as a new job and answer what it holds and how to map it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import BinaryIO

from foyer_shared.db import Database, new_id
from imports.domain.suggest import explain_mapping
from imports.models import Job
from imports.repository.jobs import JobRepository
from imports.repository.mappings import SavedMappingRepository
from imports.settings import Settings
from imports.use_cases.inspecting import Inspection, inspect_file
from imports.use_cases.storing import store_upload

log = logging.getLogger(__name__)


def upload(
    db: Database,
    settings: Settings,
    *,
    kind: str,
    filename: str,
    stream: BinaryIO,
    sheet: str | None = None,
    user_id: str | None = None,
) -> tuple[Job, dict]:
    job_id = new_id()
    suffix = Path(filename).suffix.lower() or ".csv"
    target = Path(settings.upload_dir) / f"{job_id}{suffix}"
    stored = store_upload(stream, filename, target, settings.max_upload_bytes)
    try:
        seen = inspect_file(stored, settings.max_rows, sheet=sheet)
        with db.transaction() as session:
            job = Job(
                id=job_id,
                kind=kind,
                filename=Path(filename).name[:255],
                created_by=user_id,
                file_path=str(target),
                file_format=stored.kind,
            )
            apply_inspection(job, seen)
            JobRepository(session).add(job)
            saved = SavedMappingRepository(session).of_kind(kind)
            fitting = [
                {"id": m.id, "name": m.name}
                for m in saved
                if set(m.mapping.get("columns", {})) <= set(seen.header)
            ]
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written: no job, no orphan file
        raise
    log.info("job %s: %s uploaded (%s bytes, %s)", job_id, kind, stored.size, stored.kind)
    return job, preview_of(job, seen, fitting)


def apply_inspection(job: Job, seen: Inspection) -> None:
    job.encoding, job.delimiter = seen.fmt.encoding, seen.fmt.delimiter
    job.sheets, job.sheet = seen.sheets, seen.fmt.sheet
    job.header_row, job.header, job.total_rows = seen.header_row, seen.header, seen.total_rows


def preview_of(job: Job, seen: Inspection, saved_mappings: list[dict]) -> dict:
    explained = explain_mapping(job.kind, seen.header)
    return {
        "job": job,
        "header": seen.header,
        "rows": seen.preview,
        "suggested_mapping": {c: e["field"] for c, e in explained.items()},
        "suggestion": explained,
        "saved_mappings": saved_mappings,
    }
