"""Assignments that start or end with the passing of time: announce them as roles_changed.

Nothing changes in the database when a `valid_from` or `valid_until` passes, so without this
the gateway would learn of it only when its cache expires. The worker checks every few seconds.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from foyer_shared.db import Database, utcnow
from identity import events
from identity.repository.account import UserRepository

log = logging.getLogger(__name__)


def announce(db: Database, since: datetime, until: datetime) -> int:
    """Publish roles_changed for users with a boundary in (since, until]; returns how many."""
    with db.transaction() as session:
        users = UserRepository(session).with_boundary_between(since, until)
        for user in users:
            events.roles_changed(session, user)
    return len(users)


class BoundaryWatch:
    """A worker loop. Boundaries passed while no worker ran are covered by the gateway's TTL."""

    def __init__(self, db: Database, every_seconds: float = 5.0):
        self._db, self._every = db, every_seconds

    def run(self, stop: threading.Event) -> None:
        since = utcnow()
        while not stop.wait(self._every):
            until = utcnow()
            try:
                announce(self._db, since, until)
                since = until
            except Exception:  # noqa: BLE001 - database away: the next tick covers the gap
                log.warning("assignment boundary check failed; retrying", exc_info=True)
