"""A worker killed mid-run (SIGKILL, as a crash or an OOM kill) and started again: the import
finishes and every row is applied exactly once — the registry worker and the imports worker."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.xdist_group("e2e")

FIXTURES = Path(__file__).resolve().parents[1] / "services/imports/tests/fixtures"
ROWS = 4_000  # a run of several seconds here, so the kill lands mid-run


def _generate(folder: Path, seed: int, first_year: int) -> tuple[Path, dict[int, str]]:
    """A dirty register whose personnummer no other test uses (birth years of its own)."""
    out, answers = folder / "register.csv", folder / "answers.tsv"
    subprocess.run([sys.executable, str(FIXTURES / "make_customers.py"), "--rows", str(ROWS),
                    "--dirty", "0.1", "--seed", str(seed), "--personnummer-from",
                    str(first_year), "--out", str(out), "--answers", str(answers)], check=True)
    with open(answers, encoding="utf-8") as handle:
        return out, {int(row[0]): row[1] for row in csv.reader(handle, delimiter="\t")}


def _persons_total(gateway, headers) -> int:
    response = requests.get(f"{gateway}/api/registry/persons", params={"page_size": 1},
                            headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    return json.loads(response.headers["X-Pagination"])["total"]


def _job(gateway, headers, job_id: str) -> dict:
    response = requests.get(f"{gateway}/api/imports/jobs/{job_id}", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    job = response.json()
    assert job["state"] != "failed", job
    return job


def _start_run(gateway, headers, path: Path) -> str:
    uploaded = requests.post(
        f"{gateway}/api/imports/jobs", headers=headers, timeout=60,
        data={"type": "customers"}, files={"file": (path.name, path.read_bytes(), "text/csv")},
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    job_id = body["job"]["id"]
    columns = {column: field for column, field in body["suggested_mapping"].items() if field}
    mapped = requests.put(
        f"{gateway}/api/imports/jobs/{job_id}/mapping", headers=headers, timeout=10,
        json={"columns": columns, "mode": "create_or_update", "match_on": "personnummer",
              "options": {"create_missing_statuses": True}},
    )
    assert mapped.status_code == 200, mapped.text
    run = requests.post(f"{gateway}/api/imports/jobs/{job_id}/run", headers=headers, timeout=10)
    assert run.status_code == 202, run.text
    return job_id


@pytest.mark.parametrize(("worker", "seed", "first_year"), [
    ("registry", 11, 2015),
    ("imports", 12, 2017),
])
def test_a_worker_killed_mid_run_and_restarted_applies_every_row_exactly_once(
    stack, gateway, owner_headers, eventually, tmp_path, worker, seed, first_year
):
    path, answers = _generate(tmp_path, seed, first_year)
    errors = sum(verdict.startswith("error") for verdict in answers.values())
    skipped = sum(verdict.startswith("skip") for verdict in answers.values())
    duplicates = sum(verdict == "duplicate" for verdict in answers.values())
    expected_created = ROWS - errors - skipped
    before = _persons_total(gateway, owner_headers)

    job_id = _start_run(gateway, owner_headers, path)
    started = eventually(lambda: (lambda job: job if job["progress"]["rows_done"] else None)(
        _job(gateway, owner_headers, job_id)), timeout=60, interval=0.1)
    for role in stack.worker_roles(worker):  # the registry's import-worker too: all of it
        stack.kill(worker, role)
    # Killed mid-run, not after: otherwise this test would prove nothing.
    assert started["state"] == "running", started
    assert started["progress"]["rows_done"] < expected_created, started["progress"]
    stack.start_worker(worker)

    done = eventually(lambda: (lambda job: job if job["state"] == "completed" else None)(
        _job(gateway, owner_headers, job_id)), timeout=120, interval=0.5)
    counts = done["counts"]["run"]
    assert counts["rows"] == ROWS
    assert counts["errors"] == errors, counts
    assert counts["empty_skipped"] == skipped, counts
    assert counts["duplicates_in_file"] == duplicates, counts
    assert counts["created"] == expected_created, counts
    assert counts.get("updated", 0) == 0 and counts.get("unchanged", 0) == 0, counts
    assert done["progress"]["rows_done"] == expected_created
    assert _persons_total(gateway, owner_headers) - before == expected_created
    # The first and the last row looked up by personnummer: exactly one person holds each.
    with open(path, encoding="utf-8-sig", newline="") as handle:
        cells = list(csv.reader(handle, delimiter=";"))
    ok_rows = [row for row, verdict in answers.items() if verdict == "ok"]
    for row in (ok_rows[0], ok_rows[-1]):
        found = requests.get(f"{gateway}/api/registry/persons", headers=owner_headers,
                             timeout=10, params={"q": cells[row - 1][3].replace("-", "")}).json()
        assert len(found) == 1, found
    # crm works through this job's registry.persons.imported events after the job completes;
    # wait for the last one, so the tests after this one do not queue behind them.
    eventually(lambda: requests.get(f"{gateway}/api/crm/contacts", headers=owner_headers,
                                    timeout=10, params={"person_id": found[0]["id"]}).json(),
               timeout=90, interval=0.5)
