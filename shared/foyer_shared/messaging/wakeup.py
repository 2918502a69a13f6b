"""Waking an idle loop when a transaction wrote what it waits for (PostgreSQL only).

The writer sends `NOTIFY <channel>` in its transaction (`notify`); PostgreSQL delivers it at
commit. The loop LISTENs on a connection of its own and sleeps until a notification or a
timeout, instead of querying its table several times a second: the outbox relay of every
service (on a 2-core machine the idle services' polling was a few per cent of an import's CPU),
and the imports sender waiting for a queued job (a user waited up to its poll interval). The
loop still polls at the timeout, so a lost connection or notification only delays, never loses,
work.
"""

from __future__ import annotations

import logging
import threading
import time

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def notify(session: Session, channel: str) -> None:
    """Wake the loops waiting on `channel` when this transaction commits (none on SQLite)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"NOTIFY {channel}"))


class Wakeup:
    def __init__(self, database_url: str, channel: str):
        url = make_url(database_url).set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._channel = channel
        self._connection: psycopg.Connection | None = None

    @classmethod
    def for_url(cls, database_url: str, channel: str) -> Wakeup | None:
        """None where there is no LISTEN (SQLite): the caller keeps polling there."""
        return (
            cls(database_url, channel)
            if make_url(database_url).get_backend_name() == "postgresql"
            else None
        )

    def wait(self, timeout: float) -> bool:
        """Sleep until a notifying transaction commits or `timeout` passes; True when woken.

        Right after (re)connecting it returns at once: a row committed before the LISTEN
        would not be announced, so the caller polls once more."""
        try:
            if self._connection is None or self._connection.closed:
                self._connection = psycopg.connect(self._conninfo, autocommit=True)
                self._connection.execute(f"LISTEN {self._channel}")
                return True
            woken = any(True for _ in self._connection.notifies(timeout=timeout, stop_after=1))
            if woken:  # several commits since: one poll serves them all
                for _ in self._connection.notifies(timeout=0):
                    pass
            return woken
        except psycopg.Error:
            log.warning(
                "wake-up connection (%s) lost; polling until it is back",
                self._channel,
                exc_info=True,
            )
            self.close()
            return True

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except psycopg.Error:
                pass


def idle(wakeup: Wakeup | None, stop: threading.Event, timeout: float) -> None:
    """An idle loop's sleep: until a notification, `timeout`, or `stop`. It listens in slices of
    at most a second, so a worker told to stop (SIGTERM, a rolling deploy) ends within a second
    instead of finishing a poll interval of 30 s or more. `wakeup` None (SQLite): polls."""
    if wakeup is None:
        stop.wait(timeout)
        return
    deadline = time.monotonic() + timeout
    while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
        if wakeup.wait(min(left, 1.0)):
            return
