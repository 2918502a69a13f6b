"""Progress: rows done, rate and time left, while sending and once everything is sent."""

from __future__ import annotations

from datetime import timedelta

from foyer_shared.db import utcnow
from imports.models import Job
from imports.progress import progress_of


def test_while_sending_the_file_size_is_the_estimate():
    job = Job(phase="run", counts={}, total_rows=1000, rows_sent=400, rows_done=200,
              sending_done=False, started_at=utcnow() - timedelta(seconds=10), finished_at=None)
    progress = progress_of(job)
    assert progress["rows_total"] == 1000 and progress["rows_done"] == 200
    assert 19 < progress["rows_per_second"] <= 20
    assert 39 < progress["eta_seconds"] < 41


def test_once_sent_the_rows_for_the_registry_are_the_total():
    started = utcnow() - timedelta(seconds=4)
    job = Job(phase="run", counts={"run": {"to_registry": 900}}, total_rows=1000,
              rows_sent=900, rows_done=900, sending_done=True, started_at=started,
              finished_at=started + timedelta(seconds=3))
    assert progress_of(job) == {"rows_total": 900, "rows_done": 900, "rows_per_second": 300.0,
                                "eta_seconds": 0.0}


def test_nothing_started():
    job = Job(phase=None, counts={}, total_rows=80, rows_sent=0, rows_done=0,
              sending_done=False, started_at=None, finished_at=None)
    assert progress_of(job) == {"rows_total": 80, "rows_done": 0, "rows_per_second": None,
                                "eta_seconds": None}
