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
from import_runs import (
    find_persons,
    job_rows,
    map_as_suggested,
    personnummer,
    read_answers,
    step,
    upload,
    wait_state,
)

pytestmark = pytest.mark.xdist_group("e2e")

FIXTURES = Path(__file__).resolve().parents[1] / "services/imports/tests/fixtures"


def _upload_and_map(gateway, headers, content: bytes, filename: str, options=None) -> str:
    uploaded = upload(gateway, headers, filename, content)
    assert uploaded["suggested_mapping"]["Förnamn"] == "first_name"
    assert uploaded["suggested_mapping"]["E-post"] == "email"
    map_as_suggested(gateway, headers, uploaded, options)
    return uploaded["job"]["id"]


def test_sample_register_imports_with_the_expected_verdicts_and_undoes(
    gateway, owner_headers, eventually
):
    answers = read_answers(FIXTURES / "customers_sv.answers.tsv")
    expected_errors = sum(verdict.startswith("error") for verdict in answers.values())
    expected_skipped = sum(verdict.startswith("skip") for verdict in answers.values())
    job_id = _upload_and_map(
        gateway, owner_headers, (FIXTURES / "customers_sv.csv").read_bytes(), "customers_sv.csv"
    )

    # Dry run: counted by the registry, nothing written.
    step(gateway, owner_headers, job_id, "dry-run")
    dry = wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)
    dry_counts = dry["counts"]["dry_run"]
    assert dry_counts["rows"] == len(answers)
    assert dry_counts["errors"] == expected_errors, dry_counts
    assert dry_counts["empty_skipped"] == expected_skipped
    expected_created = len(answers) - expected_errors - expected_skipped
    assert dry_counts["will_create"] == expected_created
    assert find_persons(gateway, owner_headers, "Åkesson") == [], (
        "a dry run must not write to the registry"
    )

    # Run: persons land in the registry.
    step(gateway, owner_headers, job_id, "run")
    done = wait_state(gateway, owner_headers, job_id, "completed", eventually)
    run_counts = done["counts"]["run"]
    assert run_counts["created"] == expected_created, run_counts
    # The duplicates in the file (counted) can be found, each naming the row it repeats.
    duplicates = job_rows(gateway, owner_headers, job_id, phase="run", duplicates="true")
    assert (
        len(duplicates)
        == run_counts["duplicates_in_file"]
        == sum(verdict == "duplicate" for verdict in answers.values())
        > 0
    )
    assert all(
        answers[row["duplicate_of_row"]] != "duplicate" and row["person_id"] for row in duplicates
    )
    found = find_persons(gateway, owner_headers, "19570426")
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
    step(gateway, owner_headers, job_id, "undo")
    wait_state(gateway, owner_headers, job_id, "undone", eventually)
    gone = find_persons(gateway, owner_headers, "19570426")
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
    step(gateway, owner_headers, job_id, "run")
    wait_state(gateway, owner_headers, job_id, "completed", eventually)
    created = job_rows(gateway, owner_headers, job_id, phase="run")
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
    step(gateway, owner_headers, job_id, "undo")
    job = wait_state(gateway, owner_headers, job_id, "undone", eventually)
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


def test_a_dry_run_counts_a_personnummer_repeated_in_later_batches_as_the_run_does(
    gateway, owner_headers, eventually
):
    """The suite's batches hold 500 rows: row 700 and row 1050 repeat row 2's personnummer. The
    run creates row 2's person and updates it twice; the dry run must say so, not "create"."""
    first_day = datetime.date(1901, 1, 1) + datetime.timedelta(days=random.randrange(9000))
    numbers = [personnummer(first_day + datetime.timedelta(days=n), 417) for n in range(1100)]
    numbers[700 - 2] = numbers[1050 - 2] = numbers[0]
    lines = ["Förnamn;Efternamn;Personnummer;E-post;Ort"] + [
        f"Ebba;Lind{n};{numbers[n - 2]};;Ort {n}" for n in range(2, 1102)
    ]
    job_id = _upload_and_map(gateway, owner_headers, "\n".join(lines).encode(), "upprepad.csv")
    step(gateway, owner_headers, job_id, "dry-run")
    dry = wait_state(gateway, owner_headers, job_id, "dry_run_done", eventually)
    dry_counts = dry["counts"]["dry_run"]
    assert (dry_counts["will_create"], dry_counts["will_update"]) == (1098, 2), dry_counts
    updated = job_rows(gateway, owner_headers, job_id, phase="dry_run", outcome="updated")
    assert [(row["row_no"], row["diff"]["city"]) for row in updated] == [
        (700, ["Ort 2", "Ort 700"]),
        (1050, ["Ort 700", "Ort 1050"]),
    ]
    # Both repeats are duplicates in the file for review, naming the row that made the person.
    assert dry_counts["duplicates_in_file"] == 2
    assert [(row["row_no"], row["duplicate_of_row"]) for row in updated] == [(700, 2), (1050, 2)]
    step(gateway, owner_headers, job_id, "run")
    run_counts = wait_state(gateway, owner_headers, job_id, "completed", eventually)["counts"][
        "run"
    ]
    assert (run_counts["created"], run_counts["updated"]) == (1098, 2), run_counts
    assert run_counts["duplicates_in_file"] == 2
    repeats = job_rows(gateway, owner_headers, job_id, phase="run", duplicates="true")
    assert [(row["row_no"], row["duplicate_of_row"]) for row in repeats] == [(700, 2), (1050, 2)]
