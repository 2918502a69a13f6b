"""Running an import through the gateway: the steps every import test takes (upload, map as
suggested, dry run, run, undo, wait for a state), and generated registers for the tests that
kill its workers mid-run (test_import_resume.py, test_faults.py)."""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from foyer_shared.identifiers import check_digit

FIXTURES = Path(__file__).resolve().parents[1] / "services/imports/tests/fixtures"
ROWS = 4_000  # a run of several seconds here, so a kill lands mid-run


def generate(
    folder: Path, seed: int, first_year: int, rows: int = ROWS
) -> tuple[Path, dict[int, str]]:
    """A dirty register whose personnummer no other test uses (birth years of its own):
    the file and each row's expected verdict (make_customers.py --answers)."""
    out, answers = folder / "register.csv", folder / "answers.tsv"
    subprocess.run(
        [
            sys.executable,
            str(FIXTURES / "make_customers.py"),
            "--rows",
            str(rows),
            "--dirty",
            "0.1",
            "--seed",
            str(seed),
            "--personnummer-from",
            str(first_year),
            "--out",
            str(out),
            "--answers",
            str(answers),
        ],
        check=True,
    )
    return out, read_answers(answers)


def personnummer(day: datetime.date, serial: int) -> str:
    """A valid personnummer YYYYMMDD-NNNC (Luhn check digit) for that birth day."""
    nine = f"{day:%y%m%d}{serial:03d}"
    return f"{day:%Y%m%d}-{serial:03d}{check_digit(nine)}"


def read_answers(path: Path) -> dict[int, str]:
    """A sample's expected verdicts (answers.tsv): row number → verdict."""
    with open(path, encoding="utf-8") as handle:
        return {int(row[0]): row[1] for row in csv.reader(handle, delimiter="\t")}


def persons_total(stack) -> int:
    """Every person in the stack's registry, counted in its database. These tests count growth
    exactly; the API's total is exact only up to 10,000 matches (docs/registry.md → Search)."""
    engine = create_engine(stack.service_env["registry"]["DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM persons")).scalar()
    finally:
        engine.dispose()


def get_job(gateway, headers, job_id: str) -> dict:
    response = requests.get(f"{gateway}/api/imports/jobs/{job_id}", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] != "failed", body
    return body


def upload(gateway, headers, filename: str, content: bytes, content_type: str = "text/csv"):
    """Upload a customer register; the answer's body (job, suggested_mapping, ...)."""
    uploaded = requests.post(
        f"{gateway}/api/imports/jobs",
        headers=headers,
        timeout=60,
        data={"type": "customers"},
        files={"file": (filename, content, content_type)},
    )
    assert uploaded.status_code == 201, uploaded.text
    return uploaded.json()


def map_as_suggested(gateway, headers, uploaded: dict, options=None, **more) -> dict:
    """Map the upload's columns as suggested, create or update by personnummer (`more`: other
    fields of the mapping, e.g. sheet); the job as mapped."""
    columns = {column: field for column, field in uploaded["suggested_mapping"].items() if field}
    mapped = requests.put(
        f"{gateway}/api/imports/jobs/{uploaded['job']['id']}/mapping",
        headers=headers,
        timeout=10,
        json={
            **more,
            "columns": columns,
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": options or {"create_missing_statuses": True},
        },
    )
    assert mapped.status_code == 200, mapped.text
    return mapped.json()


def step(gateway, headers, job_id: str, name: str) -> None:
    """POST the job's `dry-run`, `run` or `undo`: accepted (202)."""
    started = requests.post(
        f"{gateway}/api/imports/jobs/{job_id}/{name}", headers=headers, timeout=10
    )
    assert started.status_code == 202, started.text


def wait_state(gateway, headers, job_id: str, state: str, eventually, timeout=60, interval=0.3):
    """The job once it is in `state` (a failed job fails the test at once)."""

    def reached():
        job = get_job(gateway, headers, job_id)
        return job if job["state"] == state else None

    return eventually(reached, timeout=timeout, interval=interval)


def job_rows(gateway, headers, job_id: str, **params) -> list[dict]:
    """GET the job's row outcomes (phase, outcome, duplicates as query parameters)."""
    response = requests.get(
        f"{gateway}/api/imports/jobs/{job_id}/rows", headers=headers, params=params, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def find_persons(gateway, headers, q: str) -> list[dict]:
    """The registry's search for `q`."""
    response = requests.get(
        f"{gateway}/api/registry/persons", params={"q": q}, headers=headers, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def start_run(gateway, headers, path: Path) -> str:
    """Upload, map as suggested (create or update by personnummer) and run; the job's id."""
    uploaded = upload(gateway, headers, path.name, path.read_bytes())
    map_as_suggested(gateway, headers, uploaded)
    step(gateway, headers, uploaded["job"]["id"], "run")
    return uploaded["job"]["id"]


def expected_counts(answers: dict[int, str]) -> dict[str, int]:
    """What the run must count for a generated file, from its answers (one per row)."""
    errors = sum(verdict.startswith("error") for verdict in answers.values())
    skipped = sum(verdict.startswith("skip") for verdict in answers.values())
    return {
        "rows": len(answers),
        "errors": errors,
        "empty_skipped": skipped,
        "duplicates_in_file": sum(verdict == "duplicate" for verdict in answers.values()),
        "created": len(answers) - errors - skipped,
    }
