"""Deleting what can never matter again: stale throttle counters, dead links and refresh tokens.

Throttle rows are kept for any name typed, so without this a spray of random names would grow
the table forever. Sessions stay (they are listed in exports and explain audit entries).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from foyer_shared.db import Database, utcnow
from identity.domain import throttle
from identity.repository.throttle import ThrottleRepository
from identity.repository.tokens import OneTimeTokenRepository, RefreshTokenRepository

log = logging.getLogger(__name__)
KEEP_DEAD_TOKENS = timedelta(days=1)


def sweep(db: Database, settings) -> dict[str, int]:
    now = utcnow()
    with db.transaction() as session:
        throttles = ThrottleRepository(session).delete_drained(now, throttle.drained_by(settings))
        links = OneTimeTokenRepository(session).delete_expired(now - KEEP_DEAD_TOKENS)
        refresh = RefreshTokenRepository(session).delete_expired(now - KEEP_DEAD_TOKENS)
    return {"throttles": throttles, "links": links, "refresh_tokens": refresh}


class Housekeeping:
    """A worker loop; several workers sweeping at once only delete the same rows."""

    def __init__(self, db: Database, settings, every_seconds: float = 600.0):
        self._db, self._settings, self._every = db, settings, every_seconds

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self._every):
            try:
                log.info("housekeeping done", extra=sweep(self._db, self._settings))
            except Exception:  # noqa: BLE001 - database away: the next sweep catches up
                log.warning("housekeeping failed; next sweep will retry", exc_info=True)
