"""The import wizard: upload → mapping with suggestions → dry run → run with live progress →
error file → undo. Every step is one call to the imports API."""

from __future__ import annotations

import csv
import itertools

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from console import api, extended_fields
from console.access import can, requires
from console.client import ApiError
from console.files import passed_on
from console.import_catalogue import catalogue

blp = Blueprint("imports", __name__, url_prefix="/imports")
SHOWN = 50  # rows of errors and of changes shown on the page; the files hold them all
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# While the job is in one of these, its page polls for progress.
BUSY = ("dry_run_queued", "dry_running", "run_queued", "running", "undo_requested")


@blp.get("")
@requires("imports.jobs.read")
def index():
    return _index_page(api.json("GET", "/api/imports/jobs", params={"page_size": 15}), {})


@blp.post("")
@requires("imports.jobs.write")
def upload():
    upload_file = request.files.get("file")
    if upload_file is None or not upload_file.filename:
        errors = {"file": _("Choose a CSV or XLSX file.")}
        return _index_page(api.optional("/api/imports/jobs", [], params={"page_size": 15}), errors)
    form = {"type": request.form.get("type", "customers")}
    if request.form.get("sheet"):
        form["sheet"] = request.form["sheet"]
    try:
        answer = api.json(
            "POST",
            "/api/imports/jobs",
            data=form,
            files={"file": (upload_file.filename, upload_file.stream, upload_file.mimetype)},
        )
    except ApiError as refused:
        if refused.status not in (400, 413, 415, 422):
            raise
        errors = refused.field_errors() or {"file": refused.message}
        errors.setdefault("file", refused.message)
        return _index_page(api.optional("/api/imports/jobs", [], params={"page_size": 15}), errors)
    return redirect(url_for("imports.mapping", job_id=answer["job"]["id"]))


def _index_page(jobs: list, errors: dict):
    """The list of jobs with the upload form; 422 when the upload had errors."""
    page = render_template("imports.html", jobs=jobs, kinds=catalogue()["kinds"], errors=errors)
    return page, (422 if errors else 200)


@blp.route("/<uuid:job_id>/mapping", methods=["GET", "POST"])
@requires("imports.jobs.write")
def mapping(job_id):
    preview = api.json("GET", f"/api/imports/jobs/{job_id}/preview")
    job = preview["job"]
    header = preview.get("header") or job.get("header") or []
    errors: dict[str, str] = {}
    if request.method == "POST":
        body = _mapping_body(header)
        try:
            api.call("PUT", f"/api/imports/jobs/{job_id}/mapping", json=body)
            if request.form.get("dry_run", "1") == "1" and can("imports.jobs.run"):
                api.call("POST", f"/api/imports/jobs/{job_id}/dry-run")
            return redirect(url_for("imports.job", job_id=job_id))
        except ApiError as refused:
            if refused.status not in (400, 409, 422):
                raise
            errors = _column_errors(refused, header)
    choices = catalogue()
    extended = _extended_fields(choices, job["kind"])
    chosen = (job.get("mapping") or {}).get("columns")
    if not chosen:
        suggested = preview.get("suggested_mapping") or {}
        chosen = {**suggested, **_named_like_an_extended_field(header, suggested, extended)}
    if request.method == "POST" and not request.form.get("mapping_id"):
        chosen = _mapping_body(header)["columns"]
    return render_template(
        "import_mapping.html",
        job=job,
        preview=preview,
        header=header,
        chosen=chosen,
        fields=choices["kinds"].get(job["kind"], ()),
        extended=extended,
        modes=choices["modes"],
        match_on=choices["match_on"],
        options=choices["yes_no_options"],
        errors=errors,
    ), (422 if errors else 200)


def _extended_fields(choices: dict, kind: str) -> list[tuple[str, str]]:
    """(field name in a mapping, label) of the registry's extended fields a column of this
    kind may fill; a link to another card has no text form, so it is not offered."""
    prefix = (choices.get("extra_field_prefix") or {}).get(kind)
    if not prefix:
        return []
    return [
        (prefix + d["key"], d["label"])
        for d in extended_fields.definitions()
        if d["type"] != "person_ref"
    ]


def _named_like_an_extended_field(header, suggested: dict, extended) -> dict[str, str]:
    """Columns imports did not suggest whose name is an extended field's label or key (the
    owner named the field after the old system's column): {column: field}."""
    by_name = {}
    for field, label in extended:
        by_name.setdefault(label.casefold(), field)
        by_name.setdefault(field.rpartition(".")[2].casefold(), field)
    found = {}
    for column in header:
        field = by_name.get(column.strip().casefold())
        if field and not suggested.get(column) and field not in found.values():
            found[column] = field
    return found


def _mapping_body(header: list[str]) -> dict:
    form = request.form
    if form.get("mapping_id"):  # "start from a saved mapping": its columns, mode and options
        return {"mapping_id": form["mapping_id"]}
    columns = {name: (form.get(f"column-{i}") or None) for i, name in enumerate(header)}
    body = {
        "columns": columns,
        "mode": form.get("mode", "create_or_update"),
        "match_on": form.get("match_on", "personnummer"),
        "options": {name: form.get(name) == "on" for name in catalogue()["yes_no_options"]},
    }
    if form.get("save_as", "").strip():
        body["save_as"] = form["save_as"].strip()
    return body


def _column_errors(refused: ApiError, header: list[str]) -> dict[str, str]:
    """The API names a bad column as `columns.<header name>`: shown at that column's field."""
    errors = {}
    for name, message in refused.field_errors().items():
        if name.startswith("columns.") and name[8:] in header:
            errors[f"column-{header.index(name[8:])}"] = message
        else:
            errors[name] = message
    return errors or {"_": refused.message}


@blp.get("/<uuid:job_id>")
@requires("imports.jobs.read")
def job(job_id):
    found = api.json("GET", f"/api/imports/jobs/{job_id}")
    phase = "run" if found.get("phase") == "run" else "dry_run"
    counts = (found.get("counts") or {}).get(phase) or {}
    problems, header, updates = [], [], []
    if found["state"] in ("dry_run_done", "completed") and counts.get("errors"):
        header, problems = error_rows(job_id, found.get("delimiter") or ";")
    if found["state"] == "dry_run_done" and counts.get("will_update"):
        updates = api.json(
            "GET",
            f"/api/imports/jobs/{job_id}/rows",
            params={"phase": "dry_run", "outcome": "updated", "page_size": SHOWN},
        )
    unknown = (found.get("unknown_statuses") or []) if found["state"] == "dry_run_done" else []
    extended = _extended_fields(catalogue(), found["kind"]) if updates else []
    return render_template(
        "import_job.html",
        job=found,
        phase=phase,
        header=header,
        problems=problems,
        updates=updates,
        busy=BUSY,
        shown=SHOWN,
        unknown=unknown,
        extended_labels=dict(extended),
        # Existing statuses to map a value to (staff who may not list them type the name).
        statuses=api.optional("/api/registry/statuses", []) if unknown else [],
    )


@blp.post("/<uuid:job_id>/statuses")
@requires("imports.jobs.write")
def statuses(job_id):
    """The dry run's unknown status values decided (docs/imports.md → Unknown status
    values): each created, taken as an existing status, or left (its rows are refused); the
    job's mapping keeps everything else, and a new dry run shows the outcome."""
    found = api.json("GET", f"/api/imports/jobs/{job_id}")
    mapping = found.get("mapping") or {}
    options = {**(mapping.get("options") or {}), **_status_choices()}
    body = {key: mapping[key] for key in ("columns", "mode", "match_on") if key in mapping}
    try:
        api.call("PUT", f"/api/imports/jobs/{job_id}/mapping", json={**body, "options": options})
        if can("imports.jobs.run"):
            api.call("POST", f"/api/imports/jobs/{job_id}/dry-run")
    except ApiError as refused:
        if refused.status not in (400, 409, 422):
            raise
        flash(refused.message, "error")
    return redirect(url_for("imports.job", job_id=job_id))


def _status_choices() -> dict:
    """options.create_statuses and options.status_values from the form's choice per value
    (`value-N` the value, `choice-N` create | map | leave, `target-N` the status to map to)."""
    form, create, values = request.form, [], {}
    for key in form:
        if not key.startswith("value-"):
            continue
        number, value = key[6:], form[key]
        choice, target = form.get(f"choice-{number}"), (form.get(f"target-{number}") or "").strip()
        if choice == "create":
            create.append(value)
        elif choice == "map" and target:
            values[value] = target
    return {"create_statuses": create, "status_values": values}


def error_rows(job_id, delimiter: str) -> tuple[list[str], list[list[str]]]:
    """The first rows of the error file: every refused row, whether the file's own checks
    refused it (e-mail, personnummer) or the registry did; its last column says why."""
    answer = api.get(f"/api/imports/jobs/{job_id}/errors.csv", stream=True)
    lines = itertools.islice(answer.iter_lines(decode_unicode=False), SHOWN + 1)
    text = [line.decode("utf-8-sig", errors="replace") for line in lines]
    answer.close()
    rows = list(csv.reader(text, delimiter=delimiter))
    return (rows[0], rows[1:]) if rows else ([], [])


@blp.get("/<uuid:job_id>/progress.json")
@requires("imports.jobs.read")
def progress(job_id):
    found = api.json("GET", f"/api/imports/jobs/{job_id}")
    done = found["state"] not in BUSY
    return {"state": found["state"], "progress": found.get("progress") or {}, "done": done}


@blp.post("/<uuid:job_id>/<any('dry-run', 'run', 'undo'):step>")
@requires("imports.jobs.run")
def step(job_id, step):
    try:
        api.call("POST", f"/api/imports/jobs/{job_id}/{step}")
    except ApiError as refused:
        if refused.status != 409:
            raise
        flash(refused.message, "error")
    return redirect(url_for("imports.job", job_id=job_id))


@blp.get("/<uuid:job_id>/<any('errors', 'set-aside'):which>.<any('csv', 'xlsx'):fmt>")
@requires("imports.jobs.read")
def download(job_id, which, fmt):
    answer = api.get(f"/api/imports/jobs/{job_id}/{which}.{fmt}", stream=True)
    return passed_on(answer, "text/csv" if fmt == "csv" else XLSX)
