"""foyer_shared.messaging.schedule: a service's periodic job, kept alive through failures."""

from __future__ import annotations

import threading

from foyer_shared.messaging import schedule


class Stop(threading.Event):
    """A stop event that records each wait and never sleeps."""

    def __init__(self):
        super().__init__()
        self.waits = []

    def wait(self, timeout=None):
        self.waits.append(timeout)
        return super().wait(0)


def rounds(stop: Stop, answers: list):
    """A job giving `answers` in turn (raising those that are errors); the last ends the loop."""
    seen = []

    def job():
        seen.append(answers[len(seen)])
        if len(seen) == len(answers):
            stop.set()
        if isinstance(seen[-1], Exception):
            raise seen[-1]
        return seen[-1]

    return job, seen


def test_a_failing_round_is_logged_and_the_next_round_runs(caplog):
    stop = Stop()
    job, seen = rounds(stop, [None, RuntimeError("database away"), None])
    loop = schedule(job, 60.0, "sweeping")
    loop(stop)
    assert len(seen) == 3 and stop.waits == [60.0, 60.0, 60.0]
    assert "sweeping failed; trying again" in caplog.text
    assert loop.__name__ == "schedule_sweeping"


def test_again_while_busy_runs_at_once_only_while_the_job_found_work():
    stop = Stop()
    job, seen = rounds(stop, [5, 2, 0])
    schedule(job, 30.0, "reminders", again_while_busy=True)(stop)
    assert len(seen) == 3 and stop.waits == [30.0]
