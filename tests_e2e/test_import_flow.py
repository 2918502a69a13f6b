"""An old customer register comes in through the gateway: upload, map, dry run, run, results,
undo — imports and registry talking over RabbitMQ, every verdict checked against the sample's
expected answers."""

from __future__ import annotations

import csv
import datetime
import io
import random
import uuid
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.xdist_group("e2e")

FIXTURES = Path(__file__).resolve().parents[1] / "services/imports/tests/fixtures"


def _answers() -> dict[int, str]:
    with open(FIXTURES / "customers_sv.answers.tsv", encoding="utf-8") as handle:
        return {int(row[0]): row[1] for row in csv.reader(handle, delimiter="\t")}


def _job(gateway, headers, job_id: str) -> dict:
    response = requests.get(f"{gateway}/api/imports/jobs/{job_id}", headers=headers, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _wait_state(gateway, headers, job_id: str, state: str, eventually) -> dict:
    def reached():
        job = _job(gateway, headers, job_id)
        assert job["state"] != "failed", job
        return job if job["state"] == state else None

    return eventually(reached, timeout=60, interval=0.3)


def _upload_and_map(gateway, headers, content: bytes, filename: str, options=None) -> str:
    uploaded = requests.post(
        f"{gateway}/api/imports/jobs",
        headers=headers,
        timeout=30,
        data={"type": "customers"},
        files={"file": (filename, content, "text/csv")},
    )
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    assert body["suggested_mapping"]["Förnamn"] == "first_name"
    assert body["suggested_mapping"]["E-post"] == "email"
    columns = {column: field for column, field in body["suggested_mapping"].items() if field}
    job_id = body["job"]["id"]
    mapped = requests.put(
        f"{gateway}/api/imports/jobs/{job_id}/mapping",
        headers=headers,
        timeout=10,
        json={
            "columns": columns,
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": options or {"create_missing_statuses": True},
        },
    )
    assert mapped.status_code == 200, mapped.text
    return job_id


def test_sample_register_imports_with_the_expected_verdicts_and_undoes(
    gateway, owner_headers, eventually
):
    answers = _answers()
    expected_errors = sum(verdict.startswith("error") for verdict in answers.values())
    expected_skipped = sum(verdict.startswith("skip") for verdict in answers.values())
    job_id = _upload_and_map(
        gateway, owner_headers, (FIXTURES / "customers_sv.csv").read_bytes(), "customers_sv.csv"
    )

    # Dry run: counted by the registry, nothing written.
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/dry-run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    dry = _wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)
    dry_counts = dry["counts"]["dry_run"]
    assert dry_counts["rows"] == len(answers)
    assert dry_counts["errors"] == expected_errors, dry_counts
    assert dry_counts["empty_skipped"] == expected_skipped
    expected_created = len(answers) - expected_errors - expected_skipped
    assert dry_counts["will_create"] == expected_created
    persons = requests.get(
        f"{gateway}/api/registry/persons",
        params={"q": "Åkesson"},
        headers=owner_headers,
        timeout=10,
    )
    assert persons.json() == [], "a dry run must not write to the registry"

    # Run: persons land in the registry.
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    done = _wait_state(gateway, owner_headers, job_id, "completed", eventually)
    run_counts = done["counts"]["run"]
    assert run_counts["created"] == expected_created, run_counts
    # The duplicates in the file (counted) can be found, each naming the row it repeats.
    duplicates = requests.get(
        f"{gateway}/api/imports/jobs/{job_id}/rows",
        headers=owner_headers,
        params={"phase": "run", "duplicates": "true"},
        timeout=10,
    ).json()
    assert (
        len(duplicates)
        == run_counts["duplicates_in_file"]
        == sum(verdict == "duplicate" for verdict in answers.values())
        > 0
    )
    assert all(
        answers[row["duplicate_of_row"]] != "duplicate" and row["person_id"] for row in duplicates
    )
    found = requests.get(
        f"{gateway}/api/registry/persons",
        params={"q": "19570426"},
        headers=owner_headers,
        timeout=10,
    ).json()
    assert [(p["first_name"], p["last_name"], p["personnummer"]) for p in found] == [
        ("Anders", "Åkesson", "195704265189")
    ]

    # The error rows come back as a file a person can fix, original columns plus the reason.
    errors = requests.get(
        f"{gateway}/api/imports/jobs/{job_id}/errors.csv", headers=owner_headers, timeout=10
    )
    assert errors.status_code == 200, errors.text
    rows = list(csv.reader(io.StringIO(errors.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) - 1 >= expected_errors and "Förnamn" in rows[0]

    # Undo removes what this job created.
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/undo", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    _wait_state(gateway, owner_headers, job_id, "undone", eventually)
    gone = requests.get(
        f"{gateway}/api/registry/persons",
        params={"q": "19570426"},
        headers=owner_headers,
        timeout=10,
    ).json()
    assert gone == []


def test_import_can_create_pending_login_accounts(gateway, owner_headers, eventually):
    tag = uuid.uuid4().hex[:6]
    content = (
        "Förnamn;Efternamn;Personnummer;E-post\n"
        f"Tove;Ek;19900101-0017;tove.{tag}@example.se\n"
        "Nils;Ek;19920202-0013;\n"
    ).encode()
    job_id = _upload_and_map(
        gateway, owner_headers, content, "konton.csv", options={"create_pending_accounts": True}
    )
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    _wait_state(gateway, owner_headers, job_id, "completed", eventually)
    created = requests.get(
        f"{gateway}/api/imports/jobs/{job_id}/rows",
        headers=owner_headers,
        params={"phase": "run"},
        timeout=10,
    ).json()
    person_ids = [row["person_id"] for row in created]
    assert len(person_ids) == 2 and all(person_ids)

    def accounts():
        found = []
        for person_id in person_ids:
            users = requests.get(
                f"{gateway}/api/identity/users",
                headers=owner_headers,
                params={"person_id": person_id},
                timeout=10,
            ).json()
            found += users
        return found if len(found) == 2 else None

    users = sorted(eventually(accounts, timeout=20), key=lambda user: user["username"])
    assert [user["status"] for user in users] == ["pending", "pending"]
    assert [user["roles"] for user in users] == [["member"], ["member"]]
    assert users[1]["username"] == f"tove.{tag}@example.se"  # the e-mail is the username
    assert users[0]["username"].startswith("nilsek")  # no e-mail: made from the name

    # Undone, the persons go (their accounts did not count as changes) and identity erases the
    # accounts to tombstones, from the one registry.persons.deleted of the undo.
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/undo", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    job = _wait_state(gateway, owner_headers, job_id, "undone", eventually)
    assert job["undo_result"] == {"removed": 2, "kept": [], "kept_count": 0}

    def erased():
        found = [
            requests.get(
                f"{gateway}/api/identity/users/{user['id']}", timeout=10, headers=owner_headers
            ).json()
            for user in users
        ]
        return found if all(u["username"].startswith("deleted-") for u in found) else None

    assert [u["status"] for u in eventually(erased, timeout=20)] == ["inactive", "inactive"]


def _personnummer(day: datetime.date, serial: int) -> str:
    """A valid personnummer (Luhn check digit) for that birth day."""
    nine = f"{day:%y%m%d}{serial:03d}"
    total = sum(sum(divmod(int(d) * (2 - i % 2), 10)) for i, d in enumerate(nine))
    return f"{day:%Y%m%d}-{serial:03d}{(10 - total % 10) % 10}"


def test_a_dry_run_counts_a_personnummer_repeated_in_later_batches_as_the_run_does(
    gateway, owner_headers, eventually
):
    """The suite's batches hold 500 rows: row 700 and row 1050 repeat row 2's personnummer. The
    run creates row 2's person and updates it twice; the dry run must say so, not "create"."""
    first_day = datetime.date(1901, 1, 1) + datetime.timedelta(days=random.randrange(9000))
    numbers = [_personnummer(first_day + datetime.timedelta(days=n), 417) for n in range(1100)]
    numbers[700 - 2] = numbers[1050 - 2] = numbers[0]
    lines = ["Förnamn;Efternamn;Personnummer;E-post;Ort"] + [
        f"Ebba;Lind{n};{numbers[n - 2]};;Ort {n}" for n in range(2, 1102)
    ]
    job_id = _upload_and_map(gateway, owner_headers, "\n".join(lines).encode(), "upprepad.csv")
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/dry-run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    dry = _wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)
    dry_counts = dry["counts"]["dry_run"]
    assert (dry_counts["will_create"], dry_counts["will_update"]) == (1098, 2), dry_counts
    updated = requests.get(
        f"{gateway}/api/imports/jobs/{job_id}/rows",
        headers=owner_headers,
        params={"phase": "dry_run", "outcome": "updated"},
        timeout=10,
    ).json()
    assert [(row["row_no"], row["diff"]["city"]) for row in updated] == [
        (700, ["Ort 2", "Ort 700"]),
        (1050, ["Ort 700", "Ort 1050"]),
    ]
    # Both repeats are duplicates in the file for review, naming the row that made the person.
    assert dry_counts["duplicates_in_file"] == 2
    assert [(row["row_no"], row["duplicate_of_row"]) for row in updated] == [(700, 2), (1050, 2)]
    assert (
        requests.post(
            f"{gateway}/api/imports/jobs/{job_id}/run", headers=owner_headers, timeout=10
        ).status_code
        == 202
    )
    run_counts = _wait_state(gateway, owner_headers, job_id, "completed", eventually)["counts"][
        "run"
    ]
    assert (run_counts["created"], run_counts["updated"]) == (1098, 2), run_counts
    assert run_counts["duplicates_in_file"] == 2
    repeats = requests.get(
        f"{gateway}/api/imports/jobs/{job_id}/rows",
        headers=owner_headers,
        params={"phase": "run", "duplicates": "true"},
        timeout=10,
    ).json()
    assert [(row["row_no"], row["duplicate_of_row"]) for row in repeats] == [(700, 2), (1050, 2)]
