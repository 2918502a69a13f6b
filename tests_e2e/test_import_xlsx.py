"""An Excel register through the gateway: upload, the sheet chosen, mapping, dry run with the
sample's expected verdict counts, run, and the persons in the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_runs import find_persons, map_as_suggested, read_answers, step, upload, wait_state

pytestmark = pytest.mark.xdist_group("e2e")

FIXTURES = Path(__file__).resolve().parents[1] / "services/imports/tests/fixtures"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_xlsx_register_imports_from_the_chosen_sheet(gateway, owner_headers, eventually):
    answers = read_answers(FIXTURES / "register_sv.answers.tsv")
    errors = sum(verdict.startswith("error") for verdict in answers.values())
    skipped = sum(verdict.startswith("skip") for verdict in answers.values())
    duplicates = sum(verdict == "duplicate" for verdict in answers.values())
    expected_created = len(answers) - errors - skipped

    body = upload(
        gateway,
        owner_headers,
        "register_sv.xlsx",
        (FIXTURES / "register_sv.xlsx").read_bytes(),
        XLSX,
    )
    assert body["job"]["format"] == "xlsx"
    assert body["job"]["sheets"] == ["Kunder", "Anteckningar"]
    assert body["suggested_mapping"]["Personnummer"] == "personnummer"
    job_id = body["job"]["id"]
    mapped = map_as_suggested(gateway, owner_headers, body, sheet="Kunder")
    assert mapped["sheet"] == "Kunder"

    step(gateway, owner_headers, job_id, "dry-run")
    dry = wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)["counts"]
    assert dry["dry_run"]["rows"] == len(answers)
    assert dry["dry_run"]["errors"] == errors, dry
    assert dry["dry_run"]["empty_skipped"] == skipped, dry
    assert dry["dry_run"]["duplicates_in_file"] == duplicates, dry
    assert dry["dry_run"]["will_create"] == expected_created, dry

    step(gateway, owner_headers, job_id, "run")
    run = wait_state(gateway, owner_headers, job_id, "completed", eventually)["counts"]["run"]
    assert (run["created"], run["errors"]) == (expected_created, errors), run
    found = find_persons(gateway, owner_headers, "200701274763")
    assert [(p["first_name"], p["last_name"]) for p in found] == [("Per", "Svensson")]
