"""Dry run and run over RabbitMQ: commands read off foyer.commands, answers published as events."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
import uuid

from sqlalchemy import func, select

from foyer_shared.luhn import luhn_ok
from foyer_testing import listening, wait_until
from imports.models import Batch, RowOutcome
from imports.models.job import JOBS_QUEUED_CHANNEL
from imports.worker import sender_loops, worker_loops

WRITE, RUN, READ = "imports.jobs.write", "imports.jobs.run", "imports.jobs.read"
NAMES_AND_PERSONNUMMER = {
    "Förnamn": "first_name",
    "Efternamn": "last_name",
    "Personnummer": "personnummer",
}


def put_mapping(client, as_staff, job_id, **mapping):
    route = f"/jobs/{job_id}/mapping"
    return client.put(route, json=mapping, headers=as_staff("PUT", route, WRITE))


def mapped_job(client, as_staff, upload, path, **mapping) -> str:
    body = upload(path).json
    columns = {c: f for c, f in body["suggested_mapping"].items() if f}
    job_id = body["job"]["id"]
    response = put_mapping(client, as_staff, job_id, columns=columns, **mapping)
    assert response.status_code == 200, response.json
    return job_id


def post(client, as_staff, job_id, step):
    route = f"/jobs/{job_id}/{step}"
    return client.post(route, headers=as_staff("POST", route, RUN))


def get_job(client, as_staff, job_id):
    return client.get(f"/jobs/{job_id}", headers=as_staff("GET", f"/jobs/{job_id}", READ)).json


def state_is(client, as_staff, job_id, state):
    def probe():
        job = get_job(client, as_staff, job_id)
        return job if job["state"] == state else None

    return probe


def valid_personnummer(without_check_digit: str) -> str:
    ten = without_check_digit.replace("-", "")[2:]
    return without_check_digit + next(d for d in "0123456789" if luhn_ok(ten + d))


def expected_counts(answers):
    verdicts = list(answers("customers_sv").values())
    errors = sum(v.startswith("error") for v in verdicts)
    skipped = sum(v.startswith("skip") for v in verdicts)
    return {
        "rows": len(verdicts),
        "errors_in_file": errors,
        "empty_skipped": skipped,
        "duplicates_in_file": verdicts.count("duplicate"),
        "to_registry": len(verdicts) - errors - skipped,
    }


def test_dry_run_sends_batches_and_records_the_answers(
    client, as_staff, upload, fixtures, answers, worker, commands, bus, wait_for
):
    from prometheus_client import REGISTRY

    def rows_sent() -> float:
        return REGISTRY.get_sample_value("foyer_import_rows_total", {"stage": "sent"}) or 0.0

    before = rows_sent()
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    response = post(client, as_staff, job_id, "dry-run")
    assert response.status_code == 202, response.json
    expected = expected_counts(answers)
    batches = -(-expected["to_registry"] // 25)
    sent = commands.take(batches)
    assert rows_sent() == before + expected["to_registry"]  # for the operator's rows/s
    assert [c["type"] for c in sent] == ["registry.import_batch"] * batches
    data = [c["data"] for c in sent]
    assert sorted(d["batch_no"] for d in data) == list(range(1, batches + 1))
    assert all(d["dry_run"] and d["job_id"] == job_id and d["kind"] == "customers" for d in data)
    assert {d["mode"] for d in data} == {"create_or_update"}
    rows = {r["row_no"]: r for d in data for r in d["rows"]}
    assert len(rows) == expected["to_registry"]
    assert rows[59]["personnummer"] == "195712027381"
    assert rows[23]["duplicate_of_row"] == 9 and rows[23]["username"] == "perakesson"
    assert rows[22]["kind"] == "company" and rows[22]["name"] == "Friskvård AB"
    assert 8 not in rows and 7 not in rows  # an error and an empty row stay here

    def outcome_of(row):
        if row["row_no"] == 2:
            return {
                "outcome": "updated",
                "person_id": str(uuid.uuid4()),
                "diff": {"phone": ["070-1", row["phone"]]},
            }
        if row["row_no"] == 3:
            return {"outcome": "unchanged", "person_id": str(uuid.uuid4())}
        if row["row_no"] == 4:
            return {"outcome": "error", "error": "username sofia.nilsson3@example.se is taken"}
        return {"outcome": "created"}

    for command in sent:
        bus.answer(command, outcome_of)
    job = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    counts = job["counts"]["dry_run"]
    assert counts["rows"] == expected["rows"]
    assert counts["empty_skipped"] == expected["empty_skipped"]
    assert counts["duplicates_in_file"] == expected["duplicates_in_file"]
    assert counts["set_aside"] == 0
    assert counts["to_registry"] == expected["to_registry"]
    assert counts["errors"] == expected["errors_in_file"] + 1
    assert (counts["will_update"], counts["unchanged"]) == (1, 1)
    assert counts["will_create"] == expected["to_registry"] - 3
    assert job["progress"]["rows_done"] == expected["to_registry"]
    route = f"/jobs/{job_id}/rows"
    updated = client.get(
        f"{route}?phase=dry_run&outcome=updated", headers=as_staff("GET", route, READ)
    ).json
    assert updated == [
        {
            "row_no": 2,
            "outcome": "updated",
            "person_id": updated[0]["person_id"],
            "error": None,
            "diff": {"phone": ["070-1", "072-297 15 20"]},
            "duplicate_of_row": None,
        }
    ]
    # Rows the dry run would create are counted above, not listed one by one; except the
    # duplicates in the file, listed for review.
    would_create = client.get(
        f"{route}?phase=dry_run&outcome=created", headers=as_staff("GET", route, READ)
    )
    assert all(row["duplicate_of_row"] for row in would_create.json)
    assert (
        json.loads(would_create.headers["X-Pagination"])["total"] == expected["duplicates_in_file"]
    )


def test_answers_with_created_rows_in_short_are_counted_and_recorded(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, db
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    post(client, as_staff, job_id, "dry-run")
    for command in commands.take(3):
        bus.answer(command, short=True)
    dry = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))["counts"]["dry_run"]
    assert dry["will_create"] == dry["to_registry"]
    post(client, as_staff, job_id, "run")
    sent = commands.take(3)
    answers = [bus.answer(command, short=True) for command in sent]
    run = wait_for(state_is(client, as_staff, job_id, "completed"))["counts"]["run"]
    assert run["created"] == run["to_registry"]
    with db.read_only() as session:
        stored = dict(
            session.execute(
                select(RowOutcome.row_no, RowOutcome.person_id).where(
                    RowOutcome.job_id == job_id, RowOutcome.phase == "run"
                )
            ).all()
        )
    assert stored == {row: person for a in answers for row, person in a["created_rows"]}


def test_answers_are_counted_once(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, db
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    post(client, as_staff, job_id, "dry-run")
    sent = commands.take(3)

    def unchanged(_row):  # a dry run stores a row per outcome other than "would create"
        return {"outcome": "unchanged", "person_id": str(uuid.uuid4())}

    first = bus.answer(sent[0], unchanged, message_id=str(uuid.uuid4()))
    same_id = str(uuid.uuid4())
    bus.answer(sent[1], unchanged, message_id=same_id)
    bus.answer(sent[1], unchanged, message_id=same_id)  # redelivered: the inbox drops it
    bus.answer(sent[0], unchanged)  # resent, answered again under a new id: the batch drops it
    bus.answer(sent[2], unchanged)
    job = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    assert job["counts"]["dry_run"]["unchanged"] == job["counts"]["dry_run"]["to_registry"]
    with db.read_only() as session:
        stored = session.scalar(select(func.count()).select_from(RowOutcome))
    assert stored == job["counts"]["dry_run"]["to_registry"]
    assert first["batch_no"] == sent[0]["data"]["batch_no"]


def test_run_after_dry_run_numbers_batches_on_and_completes(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, published
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    post(client, as_staff, job_id, "dry-run")
    for command in commands.take(3):
        bus.answer(command)
    dry_run_job = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    assert dry_run_job["started_at"] <= dry_run_job["finished_at"]
    assert post(client, as_staff, job_id, "run").status_code == 202
    sent = commands.take(3)
    assert sorted(c["data"]["batch_no"] for c in sent) == [4, 5, 6]
    assert not any(c["data"]["dry_run"] for c in sent)
    # Each batch names the one before it in this run (the whole order, for a registry that
    # knows only that) and the earlier ones it shares a key with: none, each personnummer is
    # in the file once, so the registry may write the three side by side.
    assert sorted(
        (c["data"]["batch_no"], c["data"]["previous_batch_no"], c["data"]["after_batches"])
        for c in sent
    ) == [(4, None, []), (5, 4, []), (6, 5, [])]
    for command in sent:
        bus.answer(command)
    job = wait_for(state_is(client, as_staff, job_id, "completed"))
    counts = job["counts"]["run"]
    assert counts["created"] == counts["to_registry"]
    progress = job["progress"]
    assert progress["rows_done"] == progress["rows_total"] == counts["to_registry"]
    assert progress["rows_per_second"] > 0 and progress["eta_seconds"] == 0
    assert job["started_at"] <= job["finished_at"]  # the run's own, not the dry run's
    assert job["started_at"] > dry_run_job["finished_at"]
    [event] = published.take(1)
    assert event["type"] == "imports.job.completed"
    assert event["data"]["job_id"] == job_id and event["data"]["counts"] == counts
    assert post(client, as_staff, job_id, "run").status_code == 409  # never twice


def test_registry_refusing_a_batch_fails_the_job(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, published
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    post(client, as_staff, job_id, "run")
    sent = commands.take(3)
    bus.answer(sent[0], error="unknown home facility 3")
    job = wait_for(state_is(client, as_staff, job_id, "failed"))
    assert "unknown home facility 3" in job["failure"]
    [event] = published.take(1)
    assert event["type"] == "imports.job.failed" and event["data"]["job_id"] == job_id
    assert event["data"]["reason"] == job["failure"]
    again = put_mapping(client, as_staff, job_id, columns={"E-post": "email"}, match_on="email")
    assert again.status_code == 409  # a failed run is never re-run: rows would apply twice
    for command in sent[1:]:  # batches already sent are still applied: their rows recorded
        bus.answer(command)
    job = wait_for(
        lambda: (j := get_job(client, as_staff, job_id))["progress"]["rows_done"] == 64 - 25 and j
    )
    assert job["state"] == "failed" and job["counts"]["run"]["created"] == 64 - 25


def test_steps_in_the_wrong_state_are_409(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    for step in ("dry-run", "run", "undo"):
        response = post(client, as_staff, job_id, step)
        assert response.status_code == 409, step
        assert "state" in response.json["errors"]["json"]


def test_steps_need_the_run_permission(client, as_staff):
    route = "/jobs/x/run"
    response = client.post(route, headers=as_staff("POST", route, WRITE))
    assert response.status_code == 403


def test_a_missing_file_fails_the_job(client, as_staff, upload, fixtures, worker, wait_for, db):
    import os

    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    from imports.models import Job

    with db.read_only() as session:
        os.remove(session.get(Job, job_id).file_path)
    post(client, as_staff, job_id, "dry-run")
    job = wait_for(state_is(client, as_staff, job_id, "failed"))
    assert "No such file" in job["failure"]


def test_set_aside_rows_are_not_sent(client, as_staff, upload, worker, commands, wait_for, bus):
    text = "Förnamn;Efternamn;Personnummer\nA;B;19570426-5189\nC;D;\n"
    body = upload(text.encode(), "x.csv").json
    put_mapping(
        client,
        as_staff,
        body["job"]["id"],
        columns=NAMES_AND_PERSONNUMMER,
        options={"set_aside_without_personnummer": True},
    )
    post(client, as_staff, body["job"]["id"], "dry-run")
    [command] = commands.take(1)
    assert [r["row_no"] for r in command["data"]["rows"]] == [2]
    assert command["data"]["options"]["set_aside_without_personnummer"] is True
    bus.answer(command)
    job = wait_for(state_is(client, as_staff, body["job"]["id"], "dry_run_done"))
    assert job["counts"]["dry_run"]["set_aside"] == 1


def test_a_batch_repeating_an_earlier_batchs_personnummer_names_it(
    client, as_staff, upload, worker, commands, wait_for, bus
):
    """Batches of 25 rows: the third repeats a personnummer of the first, so the registry must
    write the first before it; the second shares nothing and may be written beside either."""
    people = [
        f"P{n};Berg;{valid_personnummer(f'195001{n % 28 + 1:02d}-{n:03d}')}" for n in range(60)
    ]
    people.append(f"Again;Berg;{valid_personnummer('19500104-003')}")  # row 5's again
    body = upload(("Förnamn;Efternamn;Personnummer\n" + "\n".join(people)).encode(), "x.csv").json
    job_id = body["job"]["id"]
    put_mapping(client, as_staff, job_id, columns=NAMES_AND_PERSONNUMMER)
    post(client, as_staff, job_id, "run")
    sent = sorted(commands.take(3), key=lambda c: c["data"]["batch_no"])
    first = sent[0]["data"]["batch_no"]
    assert [c["data"]["after_batches"] for c in sent] == [[], [], [first]]
    for command in sent:
        bus.answer(command)
    wait_for(state_is(client, as_staff, job_id, "completed"))


def test_xlsx_register_dry_run(
    client, as_staff, upload, fixtures, answers, worker, commands, bus, wait_for
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "register_sv.xlsx")
    post(client, as_staff, job_id, "dry-run")
    verdicts = list(answers("register_sv").values())
    to_registry = sum(not v.startswith(("error", "skip")) for v in verdicts)
    sent = commands.take(-(-to_registry // 25))
    rows = {r["row_no"]: r for c in sent for r in c["data"]["rows"]}
    assert len(rows) == to_registry
    assert rows[68]["personnummer"].isdigit() and len(rows[68]["personnummer"]) == 12
    assert rows[77]["duplicate_of_row"] > 1
    for command in sent:
        bus.answer(command)
    counts = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))["counts"]["dry_run"]
    assert (counts["rows"], counts["will_create"]) == (200, to_registry)
    assert counts["errors"] == sum(v.startswith("error") for v in verdicts)


def dry_run_batches(client, as_staff, upload, commands, path, lines, match_on, batches):
    """Writes the CSV, maps and dry-runs it; (job id, the commands' data in batch order)."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job_id = mapped_job(
        client, as_staff, upload, path, mode="create_or_update", match_on=match_on, options={}
    )
    post(client, as_staff, job_id, "dry-run")
    return job_id, sorted((c["data"] for c in commands.take(batches)), key=lambda d: d["batch_no"])


def test_a_dry_run_batch_carries_the_earlier_rows_its_rows_depend_on(
    client, as_staff, upload, tmp_path, worker, commands, bus, wait_for
):
    """Batches of 25, written four to a transaction: row 30 repeats row 2's personnummer and row
    140 row 30's. The dry run's second batch carries row 2 (still in memory), its sixth rows 2
    and 30 (read back from the stored batches); the registry applies them first. The run's
    batches carry none: the registry writes them in key order instead."""
    numbers = [valid_personnummer(f"19800101-{n:03d}") for n in range(2, 162)]
    numbers[30 - 2] = numbers[140 - 2] = numbers[0]
    lines = ["Förnamn;Efternamn;Personnummer;Ort"] + [
        f"Åsa;Berg{n};{numbers[n - 2]};Ort{n}" for n in range(2, 162)
    ]
    job_id, sent = dry_run_batches(
        client, as_staff, upload, commands, tmp_path / "repeats.csv", lines, "personnummer", 7
    )
    assert [[r["row_no"] for r in d.get("earlier_rows", ())] for d in sent] == [
        [],
        [2],
        [],
        [],
        [],
        [2, 30],
        [],
    ]
    assert sent[1]["earlier_rows"] == [sent[0]["rows"][0]]
    assert sent[5]["earlier_rows"][1] == sent[1]["rows"][3]  # row 30, as sent then
    for data in sent:
        bus.answer({"data": data})
    wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    post(client, as_staff, job_id, "run")
    assert all("earlier_rows" not in c["data"] for c in commands.take(7))


def test_a_dry_run_batch_carries_at_most_a_batch_of_earlier_rows(
    client, as_staff, upload, tmp_path, worker, commands, bus, wait_for
):
    """One office e-mail on every row, matched on: the fourth batch of 25 would depend on the
    50 rows before it; it carries the latest 25."""
    lines = ["Förnamn;Efternamn;E-post"] + [f"Åsa;Berg{n};kansliet@klubb.se" for n in range(2, 102)]
    _job_id, sent = dry_run_batches(
        client, as_staff, upload, commands, tmp_path / "kansliet.csv", lines, "email", 4
    )
    assert [r["row_no"] for r in sent[3]["earlier_rows"]] == list(range(52, 77))
    assert [r["row_no"] for r in sent[1]["earlier_rows"]] == list(range(2, 27))


def test_a_job_the_registry_does_not_answer_says_how_long_it_has_waited(
    client, as_staff, upload, fixtures, worker, commands, bus, wait_for, app_with
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    post(client, as_staff, job_id, "dry-run")
    sent = commands.take(3)
    quiet = app_with(registry_quiet_seconds=0.5)  # the default waits a minute before saying so
    route = f"/jobs/{job_id}"

    def progress(via):
        return via.get(route, headers=as_staff("GET", route, READ)).json["progress"]

    waiting = wait_for(lambda: (p := progress(quiet))["waiting_for_registry_seconds"] and p)
    assert progress(client)["waiting_for_registry_seconds"] is None
    assert waiting["waiting_for_registry_seconds"] >= 1 and waiting["eta_seconds"] is None
    bus.answer(sent[0])
    heard = wait_for(lambda: (p := progress(quiet))["rows_done"] and p)
    assert heard["waiting_for_registry_seconds"] is None
    for command in sent[1:]:
        bus.answer(command)
    wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    at_once = app_with(registry_quiet_seconds=0.0)  # any silence is past its quiet time
    assert progress(at_once)["waiting_for_registry_seconds"] is None  # done: waits for nothing


def test_an_idle_sender_starts_a_queued_job_at_once(
    client, as_staff, upload, fixtures, worker_settings, db, commands
):
    # It polls only every 30 s here: what starts the job is the notification of its queuing.
    slow_poll = dataclasses.replace(worker_settings, job_poll_seconds=30.0)
    relay = worker_loops(slow_poll, db)[0]
    stop = threading.Event()
    threads = [
        threading.Thread(target=loop, args=(stop,), daemon=True)
        for loop in (relay, *sender_loops(slow_poll, db))
    ]
    idle = listening(db, JOBS_QUEUED_CHANNEL)
    for thread in threads:
        thread.start()
    try:
        job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
        wait_until(idle, message="the sender LISTENing")  # it has found nothing to do: it sleeps
        queued_at = time.monotonic()
        post(client, as_staff, job_id, "dry-run")
        [first] = commands.take(1, timeout=10)
        assert first["data"]["job_id"] == job_id
        assert time.monotonic() - queued_at < 10
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=35)


def test_the_first_batch_is_sent_before_the_rest_of_the_file_is_read(
    client, as_staff, upload, fixtures, worker, commands, db, wait_for
):
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    post(client, as_staff, job_id, "dry-run")
    commands.take(3)
    with db.read_only() as session:
        sent = session.execute(
            select(Batch.batch_no, Batch.sent_at)
            .where(Batch.job_id == job_id)
            .order_by(Batch.batch_no)
        ).all()
    # The first batch was written on its own, the others (four at a time) after it.
    assert [number for number, _ in sent] == [1, 2, 3]
    assert sent[0].sent_at < sent[1].sent_at == sent[2].sent_at


def test_duplicates_in_the_file_are_listed_for_review(
    client, as_staff, upload, fixtures, answers, worker, commands, bus, wait_for
):
    """A row repeating an earlier row's e-mail was counted but could not be found."""
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    duplicates = expected_counts(answers)["duplicates_in_file"]
    assert duplicates > 0
    route = f"/jobs/{job_id}/rows"

    def listed(phase):
        response = client.get(
            f"{route}?phase={phase}&duplicates=true&page_size=100",
            headers=as_staff("GET", route, READ),
        )
        assert response.status_code == 200, response.json
        return response.json

    post(client, as_staff, job_id, "dry-run")
    for command in commands.take(3):
        bus.answer(command, short=True)  # the registry's short form: created rows as pairs
    job = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    assert job["counts"]["dry_run"]["duplicates_in_file"] == duplicates
    dry = listed("dry_run")
    assert len(dry) == duplicates
    assert {(r["row_no"], r["outcome"], r["duplicate_of_row"]) for r in dry} >= {(23, "created", 9)}
    assert all(row["duplicate_of_row"] < row["row_no"] for row in dry)
    post(client, as_staff, job_id, "run")
    for command in commands.take(3):
        bus.answer(command)  # the full form
    wait_for(state_is(client, as_staff, job_id, "completed"))
    run = listed("run")
    assert [(r["row_no"], r["duplicate_of_row"]) for r in run] == [
        (r["row_no"], r["duplicate_of_row"]) for r in dry
    ]
    assert all(r["outcome"] == "created" and r["person_id"] for r in run)
    everything = client.get(
        f"{route}?phase=run&page_size=100", headers=as_staff("GET", route, READ)
    ).json
    assert sum(r["duplicate_of_row"] is not None for r in everything) == duplicates
    unclear = client.get(
        f"{route}?phase=run&duplicates=perhaps", headers=as_staff("GET", route, READ)
    )
    assert unclear.status_code == 422 and "duplicates" in unclear.json["errors"]["query"]


def test_a_row_the_registry_finds_repeating_an_earlier_rows_key_is_a_duplicate_too(
    client, as_staff, upload, fixtures, answers, worker, commands, bus, wait_for
):
    """A personnummer twice in the file: the registry names the earlier row on the outcome."""
    job_id = mapped_job(client, as_staff, upload, fixtures / "customers_sv.csv")
    in_file = expected_counts(answers)["duplicates_in_file"]
    post(client, as_staff, job_id, "dry-run")

    def outcome_of(row):
        if row["row_no"] == 60:
            return {
                "outcome": "updated",
                "person_id": None,
                "duplicate_of_row": 59,
                "diff": {"city": ["Lund", "Malmö"]},
            }
        return {"outcome": "created"}

    for command in commands.take(3):
        bus.answer(command, outcome_of)
    job = wait_for(state_is(client, as_staff, job_id, "dry_run_done"))
    assert job["counts"]["dry_run"]["duplicates_in_file"] == in_file + 1
    route = f"/jobs/{job_id}/rows"
    listed = client.get(
        f"{route}?phase=dry_run&duplicates=true&page_size=100", headers=as_staff("GET", route, READ)
    ).json
    assert len(listed) == in_file + 1
    [repeat] = [row for row in listed if row["row_no"] == 60]
    assert (repeat["outcome"], repeat["duplicate_of_row"], repeat["diff"]) == (
        "updated",
        59,
        {"city": ["Lund", "Malmö"]},
    )
