"""The login throttle's counters, session-bound; never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func
from sqlalchemy.orm import Session

from identity.models import LoginThrottle


class ThrottleRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: LoginThrottle) -> None:
        self.session.add(row)

    def get(self, key: str, lock: bool = False) -> LoginThrottle | None:
        return self.session.get(LoginThrottle, key, with_for_update=lock or None)

    def delete(self, row: LoginThrottle) -> None:
        self.session.delete(row)

    def delete_drained(self, now: datetime, seconds_per_failure: int) -> int:
        """Rows that have drained empty and block nothing; returns how many went."""
        # Empty once its level has drained: level × the slowest drain after its clock.
        drained_at = LoginThrottle.last_failure_at + func.make_interval(
            0, 0, 0, 0, 0, 0, LoginThrottle.failures * seconds_per_failure
        )
        return self.session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.last_failure_at.is_(None) | (drained_at < now),
                LoginThrottle.blocked_until.is_(None) | (LoginThrottle.blocked_until < now),
            )
        ).rowcount
