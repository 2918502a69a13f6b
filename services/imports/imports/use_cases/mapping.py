"""Use cases: choose a job's mapping (columns → fields, mode, match, options); saved mappings."""

from __future__ import annotations

from pathlib import Path

from foyer_shared.db import Database
from foyer_shared.words import N_
from imports.domain import fields
from imports.domain.errors import FileRejected, InvalidMapping, WrongState
from imports.domain.fields import EXTRA_FIELD, KINDS, is_field
from imports.domain.reading.table import CSV, FileFormat
from imports.models import Job, SavedMapping
from imports.models.job import DRY_RUN_DONE, FAILED, MAPPED, RUN, UPLOADED
from imports.repository.jobs import JobRepository
from imports.repository.mappings import SavedMappingRepository
from imports.use_cases.inspecting import inspect_format
from imports.use_cases.uploads import apply_inspection

MAPPABLE = (UPLOADED, MAPPED, DRY_RUN_DONE, FAILED)


def field_catalogue() -> dict:
    """What a mapping may name: each kind's fields, the modes, match keys and options."""
    return fields.catalogue()


def set_mapping(db: Database, job_id: str, body: dict, max_rows: int) -> Job:
    with db.transaction() as session:
        job = JobRepository(session).get_for_update(job_id)
        if job.state not in MAPPABLE or job.phase == RUN:  # a run, even failed, happens once
            raise WrongState(f"the job is {job.state}; its mapping can change only before a run")
        sheet, header_row = body.get("sheet"), body.get("header_row")
        encoding = _encoding(job, body.get("encoding"))
        if (
            (sheet and sheet != job.sheet)
            or (header_row and header_row != job.header_row)
            or encoding != job.encoding
        ):
            _reread(job, sheet or job.sheet, header_row, max_rows, encoding)
        if body.get("mapping_id"):
            body = {**_saved(session, job.kind, body["mapping_id"]), **body}
        if "columns" not in body:
            raise InvalidMapping("give columns, or a mapping_id of a saved mapping", "columns")
        mapping = validate(job.kind, job.header, body)
        job.mapping, job.state, job.counts, job.phase = mapping, MAPPED, {}, None
        if body.get("save_as"):
            save(session, job.kind, body["save_as"], mapping)
        return job


def validate(kind: str, header: list[str], body: dict) -> dict:
    allowed = KINDS[kind]
    columns: dict[str, str] = {}
    used: dict[str, str] = {}
    for column, field in (body.get("columns") or {}).items():
        if column not in header:
            said = N_("the file has no column %(column)s") % {"column": repr(column)}
            raise InvalidMapping(said, f"columns.{column}")
        if not field:
            continue  # explicitly not imported
        if not is_field(kind, field):
            extended = (
                f", or {EXTRA_FIELD}<key> for an extended field" if kind == "customers" else ""
            )
            raise InvalidMapping(
                f"{field!r} is not a field of {kind}; use one of {', '.join(allowed)}{extended}",
                f"columns.{column}",
            )
        if field in used:
            said = N_("%(field)s is mapped from both %(first)s and %(column)s")
            both = {"field": repr(field), "first": repr(used[field]), "column": repr(column)}
            raise InvalidMapping(said % both, f"columns.{column}")
        used[field] = column
        columns[column] = field
    if not columns:
        raise InvalidMapping(N_("map at least one column to a field"), "columns")
    match_on = body.get("match_on") or "personnummer"
    if kind == "customers" and match_on not in used:
        said = N_("rows are matched on %(field)s, but no column is mapped to it")
        raise InvalidMapping(said % {"field": match_on}, "match_on")
    return {
        "columns": columns,
        "mode": body.get("mode") or "create_or_update",
        "match_on": match_on,
        "options": dict(body.get("options") or {}),
    }


def _encoding(job: Job, chosen: str | None) -> str | None:
    """The encoding to read a CSV in: the one chosen, when detection guessed wrong."""
    if not chosen or chosen == job.encoding:
        return job.encoding
    if job.file_format != CSV:
        raise InvalidMapping(
            "an encoding applies to CSV files only; this is an XLSX workbook", "encoding"
        )
    return chosen


def _reread(
    job: Job, sheet: str | None, header_row: int | None, max_rows: int, encoding: str | None
) -> None:
    if sheet and sheet not in job.sheets:
        raise InvalidMapping(f"there is no sheet {sheet!r}; the workbook has {job.sheets}", "sheet")
    fmt = FileFormat(job.file_format, encoding, job.delimiter, sheet)
    try:
        seen = inspect_format(Path(job.file_path), fmt, job.sheets, max_rows, header_row)
    except FileRejected as exc:
        if encoding == job.encoding:
            raise
        raise InvalidMapping(f"the file cannot be read as {encoding}: {exc}", "encoding") from exc
    apply_inspection(job, seen)


def _saved(session, kind: str, mapping_id: str) -> dict:
    saved = SavedMappingRepository(session).get(mapping_id)
    if saved is None or saved.kind != kind:
        raise InvalidMapping(f"no saved mapping {mapping_id} for {kind}", "mapping_id")
    return dict(saved.mapping)


def save(session, kind: str, name: str, mapping: dict) -> SavedMapping:
    mappings = SavedMappingRepository(session)
    saved = mappings.named(kind, name)
    if saved is None:
        saved = SavedMapping(kind=kind, name=name, mapping=mapping)
        mappings.add(saved)
    else:
        saved.mapping = mapping  # saving under a used name replaces it
    return saved


def save_mapping(db: Database, kind: str, name: str, body: dict) -> SavedMapping:
    columns = body.get("columns") or {}
    for column, field in columns.items():
        if field and not is_field(kind, field):
            raise InvalidMapping(f"{field!r} is not a field of {kind}", f"columns.{column}")
    mapping = {
        "columns": {c: f for c, f in columns.items() if f},
        "mode": body.get("mode") or "create_or_update",
        "match_on": body.get("match_on") or "personnummer",
        "options": dict(body.get("options") or {}),
    }
    with db.transaction() as session:
        return save(session, kind, name, mapping)


def list_mappings(db: Database, kind: str | None) -> list[SavedMapping]:
    with db.read_only() as session:
        return SavedMappingRepository(session).by_name(kind)
