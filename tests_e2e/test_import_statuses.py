"""Unknown status values in a customer file (issue 23 §11): the dry run lists them once with
their row counts; the job decides (create some, map others to an existing status); the run
applies the decision."""

from __future__ import annotations

import datetime
import random
import uuid

import pytest
import requests
from import_runs import personnummer, step, upload, wait_state

pytestmark = pytest.mark.xdist_group("e2e")


def _map(gateway, headers, job_id, **options):
    columns = {"Förnamn": "first_name", "Efternamn": "last_name"}
    columns |= {"Personnummer": "personnummer", "Kundstatus": "status"}
    response = requests.put(
        f"{gateway}/api/imports/jobs/{job_id}/mapping",
        headers=headers,
        timeout=10,
        json={"columns": columns, "options": options},
    )
    assert response.status_code == 200, response.text


def test_unknown_statuses_are_listed_once_then_created_or_mapped(
    gateway, owner_headers, eventually
):
    tag = uuid.uuid4().hex[:6]
    vip, gold, bronze = f"VIP-{tag}", f"Guld-{tag}", f"Brons-{tag}"
    made = requests.post(
        f"{gateway}/api/registry/statuses", headers=owner_headers, json={"name": vip}
    )
    assert made.status_code == 201, made.text
    day = datetime.date(1930, 1, 1) + datetime.timedelta(days=random.randrange(20000))
    values = [gold, gold.upper(), bronze, gold, vip.lower()]
    lines = ["Förnamn;Efternamn;Personnummer;Kundstatus"] + [
        f"Ann;Rad{n};{personnummer(day, 100 + n)};{value}" for n, value in enumerate(values)
    ]
    uploaded = upload(gateway, owner_headers, "st.csv", "\n".join(lines).encode())
    job_id = uploaded["job"]["id"]
    _map(gateway, owner_headers, job_id)
    step(gateway, owner_headers, job_id, "dry-run")
    dry = wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)
    assert dry["unknown_statuses"] == [
        {"value": gold, "rows": 3, "choices": ["create", "map"]},
        {"value": bronze, "rows": 1, "choices": ["create", "map"]},
    ]
    assert dry["counts"]["dry_run"].get("errors", 0) == 0  # not refused one by one
    assert dry["counts"]["dry_run"]["will_create"] == 5

    _map(gateway, owner_headers, job_id, create_statuses=[gold], status_values={bronze: vip})
    step(gateway, owner_headers, job_id, "dry-run")
    again = wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)
    assert again["unknown_statuses"] == []
    step(gateway, owner_headers, job_id, "run")
    done = wait_state(gateway, owner_headers, job_id, "completed", eventually)
    assert done["counts"]["run"]["created"] == 5
    statuses = requests.get(f"{gateway}/api/registry/statuses", headers=owner_headers).json()
    names = {s["name"].casefold() for s in statuses}
    assert {vip.casefold(), gold.casefold()} <= names and bronze.casefold() not in names
