"""An Excel register through the gateway: upload, the sheet chosen, mapping, dry run with the
sample's expected verdict counts, run, and the persons in the registry."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.xdist_group("e2e")

FIXTURES = Path(__file__).resolve().parents[1] / "services/imports/tests/fixtures"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _answers() -> dict[int, str]:
    with open(FIXTURES / "register_sv.answers.tsv", encoding="utf-8") as handle:
        return {int(row[0]): row[1] for row in csv.reader(handle, delimiter="\t")}


def _wait_state(gateway, headers, job_id: str, state: str, eventually) -> dict:
    def reached():
        response = requests.get(f"{gateway}/api/imports/jobs/{job_id}", headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        job = response.json()
        assert job["state"] != "failed", job
        return job if job["state"] == state else None

    return eventually(reached, timeout=60, interval=0.3)


def test_xlsx_register_imports_from_the_chosen_sheet(gateway, owner_headers, eventually):
    answers = _answers()
    errors = sum(verdict.startswith("error") for verdict in answers.values())
    skipped = sum(verdict.startswith("skip") for verdict in answers.values())
    duplicates = sum(verdict == "duplicate" for verdict in answers.values())
    expected_created = len(answers) - errors - skipped

    uploaded = requests.post(
        f"{gateway}/api/imports/jobs",
        headers=owner_headers,
        timeout=30,
        data={"type": "customers"},
        files={"file": ("register_sv.xlsx", (FIXTURES / "register_sv.xlsx").read_bytes(), XLSX)},
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["job"]["format"] == "xlsx"
    assert body["job"]["sheets"] == ["Kunder", "Anteckningar"]
    assert body["suggested_mapping"]["Personnummer"] == "personnummer"
    job_id = body["job"]["id"]
    columns = {column: field for column, field in body["suggested_mapping"].items() if field}
    mapped = requests.put(
        f"{gateway}/api/imports/jobs/{job_id}/mapping",
        headers=owner_headers,
        timeout=10,
        json={
            "sheet": "Kunder",
            "columns": columns,
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": {"create_missing_statuses": True},
        },
    )
    assert mapped.status_code == 200, mapped.text
    assert mapped.json()["sheet"] == "Kunder"

    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/dry-run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    dry = _wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)["counts"]
    assert dry["dry_run"]["rows"] == len(answers)
    assert dry["dry_run"]["errors"] == errors, dry
    assert dry["dry_run"]["empty_skipped"] == skipped, dry
    assert dry["dry_run"]["duplicates_in_file"] == duplicates, dry
    assert dry["dry_run"]["will_create"] == expected_created, dry

    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    run = _wait_state(gateway, owner_headers, job_id, "completed", eventually)["counts"]["run"]
    assert (run["created"], run["errors"]) == (expected_created, errors), run
    found = requests.get(
        f"{gateway}/api/registry/persons",
        params={"q": "200701274763"},
        headers=owner_headers,
        timeout=10,
    ).json()
    assert [(p["first_name"], p["last_name"]) for p in found] == [("Per", "Svensson")]
