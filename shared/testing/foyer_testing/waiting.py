"""Waiting for an eventual effect with a deadline: the one way a test waits (never a bare sleep)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import text

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T], timeout: float = 15.0, interval: float = 0.05, message: str = ""
) -> T:
    """Call `predicate` until it returns something truthy and return that. If it has not by
    `timeout` seconds, raise AssertionError (a test failure) naming `message` and the last
    result. The last call begins at the deadline or after it, never only before: a slow call
    does not make the wait shorter than `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        expired = time.monotonic() >= deadline
        result = predicate()
        if result:
            return result
        if expired:
            raise AssertionError(f"{message or 'not'} within {timeout}s; last result: {result!r}")
        time.sleep(max(0.0, min(interval, deadline - time.monotonic())))


def listening(db, channel: str) -> Callable[[], bool]:
    """A condition for wait_until: a connection to `db`'s PostgreSQL database opened from now
    on LISTENs on `channel`, i.e. a loop (the outbox relay, the imports sender) has polled,
    found nothing and waits for a NOTIFY (foyer_shared.messaging.wakeup)."""
    with db.read_only() as session:
        since = session.scalar(text("SELECT clock_timestamp()"))
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND backend_start >= :since AND query = :listen"
    )

    def predicate() -> bool:
        with db.read_only() as session:
            return bool(session.scalar(query, {"since": since, "listen": f"LISTEN {channel}"}))

    return predicate
