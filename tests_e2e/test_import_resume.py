"""A worker killed mid-run (SIGKILL, as a crash or an OOM kill) and started again: the import
finishes and every row is applied exactly once — the registry worker and the imports worker."""

from __future__ import annotations

import csv

import pytest
import requests
from import_runs import expected_counts, generate, get_job, persons_total, start_run, wait_state

pytestmark = pytest.mark.xdist_group("e2e")


@pytest.mark.parametrize(
    ("worker", "seed", "first_year"),
    [
        ("registry", 11, 2015),
        ("imports", 12, 2017),
    ],
)
def test_a_worker_killed_mid_run_and_restarted_applies_every_row_exactly_once(
    stack, gateway, owner_headers, eventually, tmp_path, worker, seed, first_year
):
    path, answers = generate(tmp_path, seed, first_year)
    expected = expected_counts(answers)
    expected_created = expected["created"]
    before = persons_total(stack)

    job_id = start_run(gateway, owner_headers, path)
    started = eventually(
        lambda: (lambda job: job if job["progress"]["rows_done"] else None)(
            get_job(gateway, owner_headers, job_id)
        ),
        timeout=60,
        interval=0.1,
    )
    for role in stack.worker_roles(worker):  # the registry's import-worker too: all of it
        stack.kill(worker, role)
    # Killed mid-run, not after: otherwise this test would prove nothing.
    assert started["state"] == "running", started
    assert started["progress"]["rows_done"] < expected_created, started["progress"]
    stack.start_worker(worker)

    done = wait_state(gateway, owner_headers, job_id, "completed", eventually, 120, 0.5)
    counts = done["counts"]["run"]
    assert {key: counts.get(key, 0) for key in expected} == expected, counts
    assert counts.get("updated", 0) == 0 and counts.get("unchanged", 0) == 0, counts
    assert done["progress"]["rows_done"] == expected_created
    assert persons_total(stack) - before == expected_created
    # The first and the last row looked up by personnummer: exactly one person holds each.
    with open(path, encoding="utf-8-sig", newline="") as handle:
        cells = list(csv.reader(handle, delimiter=";"))
    ok_rows = [row for row, verdict in answers.items() if verdict == "ok"]
    for row in (ok_rows[0], ok_rows[-1]):
        found = requests.get(
            f"{gateway}/api/registry/persons",
            headers=owner_headers,
            timeout=10,
            params={"q": cells[row - 1][3].replace("-", "")},
        ).json()
        assert len(found) == 1, found
    # crm works through this job's registry.persons.imported events after the job completes;
    # wait for the last one, so the tests after this one do not queue behind them.
    eventually(
        lambda: requests.get(
            f"{gateway}/api/crm/contacts",
            headers=owner_headers,
            timeout=10,
            params={"person_id": found[0]["id"]},
        ).json(),
        timeout=90,
        interval=0.5,
    )
