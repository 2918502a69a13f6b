"""Deleting what can never matter again: stale throttle counters, dead links and refresh tokens.

Throttle rows are kept for any name typed, so without this a spray of random names would grow
the table forever. Sessions stay (they are listed in exports and explain audit entries).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import delete, func

from foyer_shared.db import Database, utcnow
from identity.domain import throttle
from identity.models import LoginThrottle, OneTimeToken, RefreshToken

log = logging.getLogger(__name__)
KEEP_DEAD_TOKENS = timedelta(days=1)


def sweep(db: Database, settings) -> dict[str, int]:
    now = utcnow()
    # Empty once its level has drained: level × the slowest drain after its clock.
    drained_at = LoginThrottle.last_failure_at + func.make_interval(
        0, 0, 0, 0, 0, 0, LoginThrottle.failures * throttle.drained_by(settings)
    )
    with db.transaction() as session:
        throttles = session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.last_failure_at.is_(None) | (drained_at < now),
                LoginThrottle.blocked_until.is_(None) | (LoginThrottle.blocked_until < now),
            )
        ).rowcount
        links = session.execute(
            delete(OneTimeToken).where(OneTimeToken.expires_at < now - KEEP_DEAD_TOKENS)
        ).rowcount
        refresh = session.execute(
            delete(RefreshToken).where(RefreshToken.expires_at < now - KEEP_DEAD_TOKENS)
        ).rowcount
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
