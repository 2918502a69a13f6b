"""Running an import through the gateway, for the tests that kill its workers mid-run
(test_import_resume.py, test_faults.py)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import requests

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
    with open(answers, encoding="utf-8") as handle:
        return out, {int(row[0]): row[1] for row in csv.reader(handle, delimiter="\t")}


def persons_total(gateway, headers) -> int:
    response = requests.get(
        f"{gateway}/api/registry/persons", params={"page_size": 1}, headers=headers, timeout=30
    )
    assert response.status_code == 200, response.text
    return json.loads(response.headers["X-Pagination"])["total"]


def get_job(gateway, headers, job_id: str) -> dict:
    response = requests.get(f"{gateway}/api/imports/jobs/{job_id}", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] != "failed", body
    return body


def start_run(gateway, headers, path: Path) -> str:
    """Upload, map as suggested (create or update by personnummer) and run; the job's id."""
    uploaded = requests.post(
        f"{gateway}/api/imports/jobs",
        headers=headers,
        timeout=60,
        data={"type": "customers"},
        files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    job_id = body["job"]["id"]
    columns = {column: field for column, field in body["suggested_mapping"].items() if field}
    mapped = requests.put(
        f"{gateway}/api/imports/jobs/{job_id}/mapping",
        headers=headers,
        timeout=10,
        json={
            "columns": columns,
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": {"create_missing_statuses": True},
        },
    )
    assert mapped.status_code == 200, mapped.text
    run = requests.post(f"{gateway}/api/imports/jobs/{job_id}/run", headers=headers, timeout=10)
    assert run.status_code == 202, run.text
    return job_id


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
