"""Faults while messages flow: the broker drops every connection, a worker is SIGKILLed
mid-batch, an import's workers are killed twice mid-run. Afterwards every effect happened
exactly once, no outbox row is left unsent and nothing was parked (docs/security.md → Faults).

A stack of its own (ports, databases, vhost): its imports add 16,000 persons with the common
Swedish names other e2e tests search for. In the e2e group, so it runs while the shared stack
idles rather than beside it on a busy second core."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

import pytest
from e2e_accounts import bearer
from faults import (
    LogWatch,
    PersonStream,
    StackDatabases,
    close_vhost_connections,
    consumer_queues,
    queue_depths,
)
from import_runs import expected_counts, generate, get_job, start_run, wait_state

from foyer_shared.db import utcnow
from foyer_testing import amqp_url_for, create_vhost, delete_vhost

# The first test also pays for starting this module's suite (a minute on a busy CI machine).
pytestmark = [pytest.mark.xdist_group("e2e"), pytest.mark.timeout(300)]

PERSON_CREATED = "registry.person.created"
CRM_QUEUE = "crm.on-registry-events"


@pytest.fixture(scope="module")
def vhost(run_id):
    vhost = f"foyer_faults_{run_id}"
    create_vhost(vhost)
    yield vhost
    delete_vhost(vhost)


@pytest.fixture(scope="module")
def amqp_url(vhost):
    return amqp_url_for(vhost)


@pytest.fixture(scope="module")
def stack(start_stack, amqp_url):
    """This module's own suite, in place of the shared one."""
    with start_stack(amqp_url, "faults") as stack:
        yield stack


@pytest.fixture(scope="module")
def gateway(stack) -> str:
    return stack.gateway_url


@pytest.fixture(scope="module")
def owner_headers(stack, gateway) -> dict[str, str]:
    return bearer(gateway, "owner", stack.common_env["FOYER_OWNER_PASSWORD"])


@pytest.fixture(scope="module")
def databases(stack):
    databases = StackDatabases(stack)
    yield databases
    databases.dispose()


@pytest.fixture
def settled(stack, databases, amqp_url, eventually):
    """Call it at the end of a test: nothing left anywhere, nothing parked and no ERROR
    logged meanwhile. The test starts from a quiet stack: what earlier tests left in flight
    (a message waiting out its retries logs an ERROR each time) is not counted against it."""
    queues = consumer_queues()
    waiting = queues + [f"{queue}.retry" for queue in queues]
    parked = [f"{queue}.parked" for queue in queues]

    def left() -> dict[str, int]:
        depths = queue_depths(amqp_url, waiting)
        return {**databases.unsent(), **{queue: n for queue, n in depths.items() if n}}

    def quiet() -> None:
        try:
            # Generous: after a 32,000-row import notify still upserts its contacts, and on a
            # loaded 2-core machine that has taken over a minute. What counts is that it drains.
            eventually(lambda: not left(), timeout=240, interval=0.5)
        except AssertionError:
            raise AssertionError(f"still unsent or waiting: {left()}") from None

    quiet()
    logs = LogWatch(stack.var / "log")
    parked_before = queue_depths(amqp_url, parked)

    def check() -> None:
        quiet()
        assert queue_depths(amqp_url, parked) == parked_before
        assert logs.errors() == []

    return check


def created_events(databases, persons: dict[str, str], since) -> dict[str, str]:
    """person id → the id of its one registry.person.created in the registry's outbox."""
    rows = databases.rows(
        "registry",
        "SELECT id, body FROM outbox WHERE routing_key = :type AND created_at >= :since",
        type=PERSON_CREATED,
        since=since,
    )
    events = defaultdict(list)
    for row in rows:
        person_id = json.loads(row.body)["data"]["person_id"]
        if person_id in persons:
            events[person_id].append(row.id)
    assert {person: ids for person, ids in events.items() if len(ids) != 1} == {}
    assert set(events) == set(persons)
    return {person: ids[0] for person, ids in events.items()}


def crm_handled(databases, event_ids) -> int:
    return databases.scalar(
        "crm",
        "SELECT count(*) FROM inbox WHERE consumer = :queue AND message_id = ANY(:ids)",
        queue=CRM_QUEUE,
        ids=list(event_ids),
    )


def assert_each_person_handled_once(databases, eventually, persons: dict[str, str], since):
    """One event per person, handled once by crm: one contact per person, with its name."""
    events = created_events(databases, persons, since)
    ids = list(persons)

    def contacts():
        rows = databases.rows(
            "crm", "SELECT person_id, last_name FROM contacts WHERE person_id = ANY(:ids)", ids=ids
        )
        return rows if len(rows) >= len(ids) else None

    assert dict(eventually(contacts, timeout=60, interval=0.5)) == persons
    assert crm_handled(databases, events.values()) == len(events)


def assert_import_applied_once(
    gateway,
    headers,
    databases,
    eventually,
    job_id: str,
    expected: dict,
    persons_before: int,
    persons_besides: int = 0,
) -> None:
    """The job completes with every row counted once, each created person exists once (the
    registry remembers it once, the total grew by exactly that) and became one crm contact."""
    done = wait_state(gateway, headers, job_id, "completed", eventually, 120, 0.5)
    counts = done["counts"]["run"]
    assert {key: counts.get(key, 0) for key in expected} == expected, counts
    assert counts.get("updated", 0) == 0 and counts.get("unchanged", 0) == 0, counts
    assert done["progress"]["rows_done"] == expected["created"]
    grown = databases.persons() - persons_before
    assert grown == expected["created"] + persons_besides
    imported = [
        row.person_id
        for row in databases.rows(
            "registry", "SELECT person_id FROM imported_persons WHERE job_id = :job", job=job_id
        )
    ]
    assert len(imported) == expected["created"]
    eventually(
        lambda: (
            databases.scalar(
                "crm", "SELECT count(*) FROM contacts WHERE person_id = ANY(:ids)", ids=imported
            )
            == len(imported)
        ),
        timeout=90,
        interval=0.5,
    )
    unanswered = databases.scalar(
        "imports",
        "SELECT count(*) FROM batches WHERE job_id = :job AND answered_at IS NULL",
        job=job_id,
    )
    assert unanswered == 0


def running_job(gateway, headers, job_id: str, after_rows: int = 0) -> dict | None:
    """The job once it has done more than `after_rows` rows, else None (for eventually)."""
    job = get_job(gateway, headers, job_id)
    return job if job["progress"]["rows_done"] > after_rows else None


def test_the_broker_drops_every_connection_while_events_flow(
    gateway, owner_headers, eventually, vhost, databases, settled, tmp_path
):
    """Persons created one by one (registry.person.created → crm) and an import's batches
    (commands to the registry, answers to imports, registry.persons.imported → crm)."""
    since = utcnow()
    # Eight times the rows of the other imports: the job must still run when the first fault
    # lands (rabbitmqctl itself takes seconds to start on a loaded machine).
    path, answers = generate(tmp_path, seed=14, first_year=2021, rows=32_000)
    expected = expected_counts(answers)
    before = databases.persons()
    job_id = start_run(gateway, owner_headers, path)
    closed = []
    with PersonStream(gateway, owner_headers) as stream:
        stream.more(eventually, 30)
        eventually(lambda: running_job(gateway, owner_headers, job_id), timeout=60, interval=0.1)
        fault_at = utcnow()
        closed.append(close_vhost_connections(vhost))
        # Mid-import: the job had not finished when the connections began to go.
        job = get_job(gateway, owner_headers, job_id)
        finished = job["finished_at"] and datetime.fromisoformat(job["finished_at"])
        assert job["state"] == "running" or finished > fault_at, job
        stream.more(eventually, 30)
        closed.append(close_vhost_connections(vhost))
        stream.more(eventually, 30)  # and events flow again afterwards
    # Each time, every relay and consumer had its connection (back) and lost it.
    assert min(closed) >= len(consumer_queues()), closed

    assert_each_person_handled_once(databases, eventually, stream.created, since)
    assert_import_applied_once(
        gateway,
        owner_headers,
        databases,
        eventually,
        job_id,
        expected,
        before,
        persons_besides=len(stream.created),
    )
    settled()


def test_workers_killed_mid_batch_handle_each_event_once(
    stack, gateway, owner_headers, eventually, databases, settled
):
    since = utcnow()
    stack.kill("crm", "worker")  # its queue fills meanwhile: a backlog to be killed in
    crm_running = False
    try:
        with PersonStream(gateway, owner_headers) as stream:
            stream.more(eventually, 30)
            # The registry's relay, publishing the stream's events as they commit.
            for role in stack.worker_roles("registry"):
                stack.kill("registry", role)
            stream.more(eventually, 30)
            stack.start_worker("registry")
            stream.more(eventually, 30)
        eventually(lambda: "registry" not in databases.unsent(), timeout=30)
        events = created_events(databases, stream.created, since)

        stack.start_worker("crm")
        crm_running = True
        eventually(lambda: crm_handled(databases, events.values()), timeout=30, interval=0.02)
        stack.kill("crm", "worker")
        crm_running = False
        # Killed mid-batch: some of the backlog handled, the rest (some in hand) not.
        assert 0 < crm_handled(databases, events.values()) < len(events)
    finally:
        if not crm_running:
            stack.start_worker("crm")

    assert_each_person_handled_once(databases, eventually, stream.created, since)
    settled()


def test_an_import_whose_workers_are_killed_twice_counts_every_row_once(
    stack, gateway, owner_headers, eventually, databases, settled, tmp_path
):
    path, answers = generate(tmp_path, seed=13, first_year=2019)
    expected = expected_counts(answers)
    before = databases.persons()
    job_id = start_run(gateway, owner_headers, path)

    rows_done = 0
    for _ in range(2):
        eventually(
            lambda after=rows_done: running_job(gateway, owner_headers, job_id, after),
            timeout=90,
            interval=0.1,
        )
        for worker in ("imports", "registry"):
            for role in stack.worker_roles(worker):
                stack.kill(worker, role)
        # Killed mid-run: with every worker gone, nothing can move the job on meanwhile.
        killed = get_job(gateway, owner_headers, job_id)
        assert killed["state"] == "running", killed
        assert rows_done < killed["progress"]["rows_done"] < expected["created"]
        rows_done = killed["progress"]["rows_done"]
        for worker in ("imports", "registry"):
            stack.start_worker(worker)

    assert_import_applied_once(
        gateway, owner_headers, databases, eventually, job_id, expected, before
    )
    settled()
