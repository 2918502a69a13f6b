"""Unknown status values in a customer file (issue 23 §11): the dry run lists them once with
their row counts; the job decides (create some, map others to an existing status); the run
applies the decision."""

from __future__ import annotations

import datetime
import random
import uuid

import pytest
import requests

from foyer_shared.luhn import luhn_ok

pytestmark = pytest.mark.xdist_group("e2e")


def _personnummer(day: datetime.date, serial: int) -> str:
    ten = day.strftime("%y%m%d") + f"{serial:03d}"
    return (
        day.strftime("%Y%m%d") + "-" + ten[6:] + next(d for d in "0123456789" if luhn_ok(ten + d))
    )


def _step(gateway, headers, job_id, step):
    response = requests.post(f"{gateway}/api/imports/jobs/{job_id}/{step}", headers=headers)
    assert response.status_code == 202, response.text


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


def _done(gateway, headers, job_id, state, eventually) -> dict:
    def reached():
        job = requests.get(f"{gateway}/api/imports/jobs/{job_id}", headers=headers).json()
        assert job["state"] != "failed", job
        return job if job["state"] == state else None

    return eventually(reached, timeout=60, interval=0.3)


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
        f"Ann;Rad{n};{_personnummer(day, 100 + n)};{value}" for n, value in enumerate(values)
    ]
    uploaded = requests.post(
        f"{gateway}/api/imports/jobs",
        headers=owner_headers,
        data={"type": "customers"},
        files={"file": ("st.csv", "\n".join(lines).encode(), "text/csv")},
    )
    assert uploaded.status_code == 201, uploaded.text
    job_id = uploaded.json()["job"]["id"]
    _map(gateway, owner_headers, job_id)
    _step(gateway, owner_headers, job_id, "dry-run")
    dry = _done(gateway, owner_headers, job_id, "dry_run_done", eventually)
    assert dry["unknown_statuses"] == [
        {"value": gold, "rows": 3, "choices": ["create", "map"]},
        {"value": bronze, "rows": 1, "choices": ["create", "map"]},
    ]
    assert dry["counts"]["dry_run"].get("errors", 0) == 0  # not refused one by one
    assert dry["counts"]["dry_run"]["will_create"] == 5

    _map(gateway, owner_headers, job_id, create_statuses=[gold], status_values={bronze: vip})
    _step(gateway, owner_headers, job_id, "dry-run")
    again = _done(gateway, owner_headers, job_id, "dry_run_done", eventually)
    assert again["unknown_statuses"] == []
    _step(gateway, owner_headers, job_id, "run")
    done = _done(gateway, owner_headers, job_id, "completed", eventually)
    assert done["counts"]["run"]["created"] == 5
    statuses = requests.get(f"{gateway}/api/registry/statuses", headers=owner_headers).json()
    names = {s["name"].casefold() for s in statuses}
    assert {vip.casefold(), gold.casefold()} <= names and bronze.casefold() not in names
