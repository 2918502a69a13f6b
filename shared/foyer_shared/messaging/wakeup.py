"""Waking an idle outbox relay when a transaction wrote to the outbox (PostgreSQL only).

The outbox sends `NOTIFY foyer_outbox` in the writing transaction; PostgreSQL delivers it at
commit. The relay LISTENs on a connection of its own and sleeps until a notification or a
timeout, instead of querying the table several times a second in every service (on a 2-core
machine the idle services' polling was a few per cent of an import's CPU). The relay still
polls at the timeout, so a lost connection or notification only delays, never loses, a message.
"""

from __future__ import annotations

import logging

import psycopg
from sqlalchemy.engine import make_url

from foyer_shared.messaging.outbox import OUTBOX_CHANNEL

log = logging.getLogger(__name__)


class OutboxWakeup:
    def __init__(self, database_url: str):
        url = make_url(database_url).set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._connection: psycopg.Connection | None = None

    @classmethod
    def for_url(cls, database_url: str) -> OutboxWakeup | None:
        """None where there is no LISTEN (SQLite): the relay keeps polling there."""
        return cls(database_url) if make_url(database_url).get_backend_name() == "postgresql" \
            else None

    def wait(self, timeout: float) -> bool:
        """Sleep until an outbox write commits or `timeout` passes; True when woken.

        Right after (re)connecting it returns at once: a row committed before the LISTEN
        would not be announced, so the caller polls once more."""
        try:
            if self._connection is None or self._connection.closed:
                self._connection = psycopg.connect(self._conninfo, autocommit=True)
                self._connection.execute(f"LISTEN {OUTBOX_CHANNEL}")
                return True
            woken = any(True for _ in self._connection.notifies(timeout=timeout, stop_after=1))
            if woken:  # several commits since: one poll serves them all
                for _ in self._connection.notifies(timeout=0):
                    pass
            return woken
        except psycopg.Error:
            log.warning("outbox wake-up connection lost; polling until it is back", exc_info=True)
            self.close()
            return True

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except psycopg.Error:
                pass
