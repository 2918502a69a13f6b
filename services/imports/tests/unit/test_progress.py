"""Progress: rows done, rate and time left, while sending and once everything is sent."""

from __future__ import annotations

from datetime import timedelta

from foyer_shared.db import utcnow
from imports.domain.progress import progress_of
from imports.models import Job

NOW = utcnow()


def test_while_sending_the_file_size_is_the_estimate():
    job = Job(
        phase="run",
        counts={},
        total_rows=1000,
        rows_sent=400,
        rows_done=200,
        sending_done=False,
        started_at=NOW - timedelta(seconds=10),
        finished_at=None,
    )
    progress = progress_of(job, now=NOW)  # a pinned clock: a busy machine cannot move it
    assert progress["rows_total"] == 1000 and progress["rows_done"] == 200
    assert progress["rows_per_second"] == 20
    assert progress["eta_seconds"] == 40


def test_once_sent_the_rows_for_the_registry_are_the_total():
    started = utcnow() - timedelta(seconds=4)
    job = Job(
        phase="run",
        counts={"run": {"to_registry": 900}},
        total_rows=1000,
        rows_sent=900,
        rows_done=900,
        sending_done=True,
        started_at=started,
        finished_at=started + timedelta(seconds=3),
    )
    assert progress_of(job) == {
        "rows_total": 900,
        "rows_done": 900,
        "rows_per_second": 300.0,
        "eta_seconds": 0.0,
        "waiting_for_registry_seconds": None,
    }


def test_nothing_started():
    job = Job(
        phase=None,
        counts={},
        total_rows=80,
        rows_sent=0,
        rows_done=0,
        sending_done=False,
        started_at=None,
        finished_at=None,
    )
    assert progress_of(job) == {
        "rows_total": 80,
        "rows_done": 0,
        "rows_per_second": None,
        "eta_seconds": None,
        "waiting_for_registry_seconds": None,
    }


def running(**extra) -> Job:
    return Job(
        state="running",
        phase="run",
        counts={},
        total_rows=1000,
        rows_sent=1000,
        rows_done=400,
        sending_done=False,
        started_at=utcnow() - timedelta(minutes=10),
        finished_at=None,
        batches_open=3,
        **extra,
    )


def test_a_registry_quiet_for_a_minute_is_shown_and_the_estimate_dropped():
    progress = progress_of(running(), utcnow() - timedelta(seconds=300))
    assert 299 <= progress["waiting_for_registry_seconds"] <= 301
    assert progress["eta_seconds"] is None and progress["rows_done"] == 400


def test_a_registry_that_answered_lately_is_not_waited_for():
    progress = progress_of(running(), utcnow() - timedelta(seconds=20))
    assert progress["waiting_for_registry_seconds"] is None
    assert progress["eta_seconds"] is not None


def test_a_job_with_nothing_open_or_not_running_waits_for_nothing():
    long_ago = utcnow() - timedelta(hours=1)
    assert progress_of(running(), None)["waiting_for_registry_seconds"] is None
    done = running()
    done.state = "completed"
    assert progress_of(done, long_ago)["waiting_for_registry_seconds"] is None
