"""The real worker processes, SIGKILLed mid-file and started again, send each row once."""

from __future__ import annotations

import os
import subprocess
import sys

from imports_testing import map_as_suggested
from sqlalchemy import func, select

from imports.models import Batch, Job, messaging

WRITE, RUN = "imports.jobs.write", "imports.jobs.run"


class WorkerProcesses:
    """The real background processes of imports: the worker (relay, answers) and the sender
    (reads the file)."""

    def __init__(self, settings, tmp_path):
        env = {
            **os.environ,
            "DATABASE_URL": settings.database_url,
            "AMQP_URL": settings.amqp_url,
            "FOYER_UPLOAD_DIR": settings.upload_dir,
            "FOYER_BATCH_SIZE": "200",
            "FOYER_LEASE_SECONDS": "1",
            "FOYER_JOB_POLL_SECONDS": "0.1",
            "LOG_LEVEL": "WARNING",
        }
        log = open(tmp_path / "worker.log", "ab")  # noqa: SIM115 - closed with the processes
        self.processes = [
            subprocess.Popen(
                [sys.executable, "-m", "imports", role],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for role in ("worker", "sender")
        ]

    def kill(self) -> None:
        for process in self.processes:
            process.kill()  # SIGKILL: no cleanup, the lease is left behind
            process.wait(timeout=10)

    def terminate(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=20)


def test_killed_worker_restarts_and_every_row_is_sent_once(
    client, as_staff, upload, fixtures, settings, db, commands, wait_for, tmp_path
):
    big = tmp_path / "big.csv"
    subprocess.run(
        [
            sys.executable,
            str(fixtures / "make_customers.py"),
            "--rows",
            "60000",
            "--dirty",
            "0.1",
            "--out",
            str(big),
        ],
        check=True,
        capture_output=True,
    )
    job_id = map_as_suggested(client, as_staff, upload(big).json)
    route = f"/jobs/{job_id}/run"
    assert client.post(route, headers=as_staff("POST", route, RUN)).status_code == 202

    def batches_written():
        with db.read_only() as session:
            return session.scalar(select(func.count()).select_from(Batch)) or 0

    first = WorkerProcesses(settings, tmp_path)
    try:
        wait_for(lambda: batches_written() >= 20, timeout=60)
    finally:
        first.kill()
    with db.read_only() as session:
        job = session.get(Job, job_id)
        assert not job.sending_done, "the worker finished before it was killed"
        written_at_kill = batches_written()
    second = WorkerProcesses(settings, tmp_path)
    try:

        def sent():
            with db.read_only() as session:
                job = session.get(Job, job_id)
                return job if job.sending_done else None

        job = wait_for(sent, timeout=120)

        def relayed():
            with db.read_only() as session:
                outbox = messaging.outbox
                return not session.scalar(
                    select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
                )

        wait_for(relayed, timeout=60)
    finally:
        second.terminate()
    to_registry = job.counts["run"]["to_registry"]
    batches = -(-to_registry // 200)
    assert batches_written() == batches > written_at_kill
    # The commands on the queue: every batch number, each with its own rows; a batch may come
    # twice (the restarted worker resends what is unanswered), never with other rows.
    received: dict[int, list[int]] = {}
    for command in commands.take(batches, timeout=60) + commands.drain():
        rows = [r["row_no"] for r in command["data"]["rows"]]
        assert received.setdefault(command["data"]["batch_no"], rows) == rows
    assert sorted(received) == list(range(1, batches + 1))
    all_rows = [row for rows in received.values() for row in rows]
    assert len(all_rows) == len(set(all_rows)) == to_registry
