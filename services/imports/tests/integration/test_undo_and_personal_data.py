"""Undo (registry.import_undo and its answer) and the imports part of a GDPR export."""

from __future__ import annotations

import uuid

from imports_testing import map_as_suggested
from sqlalchemy import select

from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE
from imports.models import messaging

WRITE, RUN, READ = "imports.jobs.write", "imports.jobs.run", "imports.jobs.read"


def completed_job(client, as_staff, upload, fixtures, commands, bus, wait_for, outcome_of=None):
    job_id = map_as_suggested(client, as_staff, upload(fixtures / "customers_sv.csv").json)
    route = f"/jobs/{job_id}/run"
    client.post(route, headers=as_staff("POST", route, RUN))
    for command in commands.take(3):
        bus.answer(command, outcome_of)

    def done():
        job = client.get(f"/jobs/{job_id}", headers=as_staff("GET", f"/jobs/{job_id}", READ)).json
        return job if job["state"] == "completed" else None

    wait_for(done)
    return job_id


def test_undo_sends_the_command_and_records_the_answer(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, db
):
    job_id = completed_job(client, as_staff, upload, fixtures, commands, bus, wait_for)
    route = f"/jobs/{job_id}/undo"
    response = client.post(route, headers=as_staff("POST", route, RUN))
    assert (response.status_code, response.json["state"]) == (202, "undo_requested")
    [command] = commands.take(1)
    assert (command["type"], command["data"]) == ("registry.import_undo", {"job_id": job_id})
    # A long undo reports after each chunk; the job shows how far it is, never backwards.
    bus.publish(
        EVENTS_EXCHANGE,
        "registry.import_undo.progress",
        {"job_id": job_id, "removed": 20, "kept": 1},
    )
    late = bus.publish(
        EVENTS_EXCHANGE,
        "registry.import_undo.progress",
        {"job_id": job_id, "removed": 5, "kept": 0},
    )  # an earlier chunk's

    def late_handled():
        with db.read_only() as session:
            return session.execute(
                select(messaging.inbox.c.message_id).where(messaging.inbox.c.message_id == late.id)
            ).first()

    wait_for(late_handled)
    shown = client.get(f"/jobs/{job_id}", headers=as_staff("GET", f"/jobs/{job_id}", READ)).json[
        "progress"
    ]
    assert shown["rows_done"] == 21
    created = client.get(f"/jobs/{job_id}", headers=as_staff("GET", f"/jobs/{job_id}", READ)).json[
        "counts"
    ]["run"]["created"]
    assert shown["rows_total"] == created and shown["rows_per_second"] > 0
    assert shown["eta_seconds"] is not None
    kept = [{"person_id": str(uuid.uuid4()), "reason": "changed since the import"}]
    bus.publish(
        EVENTS_EXCHANGE,
        "registry.import_undo.processed",
        {"job_id": job_id, "removed": 60, "kept": kept},
    )

    def undone():
        job = client.get(f"/jobs/{job_id}", headers=as_staff("GET", f"/jobs/{job_id}", READ)).json
        return job if job["state"] == "undone" else None

    job = wait_for(undone)
    # kept_count: a registry older than it is counted from the list
    assert job["undo_result"] == {"removed": 60, "kept": kept, "kept_count": 1}
    response = client.post(route, headers=as_staff("POST", route, RUN))
    assert response.status_code == 409  # undone once


def test_personal_data_export_lists_the_persons_rows(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, published
):
    person_id = str(uuid.uuid4())

    def outcome_of(row):
        if row["row_no"] == 3:
            return {"outcome": "created", "person_id": person_id}
        return {"outcome": "created", "person_id": str(uuid.uuid4())}

    job_id = completed_job(client, as_staff, upload, fixtures, commands, bus, wait_for, outcome_of)
    published.take(1)  # imports.job.completed
    export_id = str(uuid.uuid4())
    bus.publish(
        COMMANDS_EXCHANGE,
        "imports.export_personal_data",
        {"export_id": export_id, "person_id": person_id},
    )
    [event] = published.take(1)
    assert event["type"] == "imports.personal_data.exported"
    data = event["data"]
    assert (data["export_id"], data["person_id"]) == (export_id, person_id)
    [job] = data["data"]["import_rows"]
    assert (job["job_id"], job["filename"]) == (job_id, "customers_sv.csv")
    [row] = job["rows"]
    assert row["row_no"] == 3 and row["outcome"] == "created"
    assert row["cells"]["Förnamn"] == "Ingrid" and row["cells"]["Kundstatus"] == "VIP"


def test_personal_data_export_for_a_stranger_is_empty(worker, bus, published):
    bus.publish(
        COMMANDS_EXCHANGE,
        "imports.export_personal_data",
        {"export_id": "e1", "person_id": str(uuid.uuid4())},
    )
    [event] = published.take(1)
    assert event["data"]["data"] == {"import_rows": []}
