"""An idle worker loop's sleep: woken by a commit's NOTIFY, and ended by `stop` within a second."""

from __future__ import annotations

import threading
import time

from foyer_shared.messaging.wakeup import Wakeup, idle, notify

CHANNEL = "foyer_test_idle"


def _sleeping(wakeup, stop, timeout: float) -> tuple[threading.Thread, list[float]]:
    took: list[float] = []

    def sleep() -> None:
        started = time.monotonic()
        idle(wakeup, stop, timeout)
        took.append(time.monotonic() - started)

    wakeup.wait(0)  # connects and LISTENs: from here a commit's NOTIFY reaches it
    thread = threading.Thread(target=sleep, daemon=True)
    thread.start()
    return thread, took


def test_a_stopped_worker_leaves_a_long_idle_sleep_within_a_second(db):
    wakeup, stop = Wakeup.for_url(str(db.url), CHANNEL), threading.Event()
    try:
        thread, took = _sleeping(wakeup, stop, timeout=60)
        time.sleep(0.3)
        stop.set()
        thread.join(timeout=5)
        assert not thread.is_alive() and took[0] < 2.5
    finally:
        wakeup.close()


def test_a_commit_that_notifies_ends_the_sleep(db):
    wakeup, stop = Wakeup.for_url(str(db.url), CHANNEL), threading.Event()
    try:
        thread, took = _sleeping(wakeup, stop, timeout=60)
        time.sleep(0.3)
        with db.transaction() as session:
            notify(session, CHANNEL)
        thread.join(timeout=5)
        assert not thread.is_alive() and took[0] < 2.5
        assert not stop.is_set()
    finally:
        wakeup.close()


def test_without_listen_it_polls_for_the_timeout(db):
    started = time.monotonic()
    idle(None, threading.Event(), 0.3)
    assert 0.25 < time.monotonic() - started < 2
