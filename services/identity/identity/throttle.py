"""Login throttling per account name and per client address: back-off, then a temporary lock.

Counters are kept for any name typed, existing or not, so the answers never tell whether an
account exists. Failures older than the lock period are forgotten.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.models import LoginThrottle

MAX_BACKOFF_SECONDS = 60


class LoginThrottled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


def keys(username: str, address: str | None) -> list[str]:
    found = [f"account:{username.strip().lower()[:150]}"]
    return found + ([f"address:{address}"] if address else [])


def check(session: Session, keys_: list[str]) -> None:
    """Raise LoginThrottled while any key is blocked; the password is then not even checked."""
    now = utcnow()
    ends = [row.blocked_until for key in keys_
            if (row := session.get(LoginThrottle, key)) and row.blocked_until
            and row.blocked_until > now]
    if ends:
        raise LoginThrottled(math.ceil((max(ends) - now).total_seconds()))


def record_failure(session: Session, settings, key: str) -> bool:
    """Count one failure; returns True when this failure locked the key."""
    factor = settings.throttle_address_factor if key.startswith("address:") else 1
    free = settings.throttle_free_failures * factor
    lock_at = settings.throttle_lock_failures * factor
    period = timedelta(minutes=settings.throttle_lock_minutes)
    now = utcnow()
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0)
        session.add(row)
    elif row.last_failure_at and now - row.last_failure_at > period:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    row.blocked_until = _blocked_until(row.failures, free, lock_at, period, now)
    return row.failures == lock_at


def _blocked_until(failures: int, free: int, lock_at: int, period: timedelta,
                   now: datetime) -> datetime | None:
    if failures >= lock_at:
        return now + period
    if failures > free:
        return now + timedelta(seconds=min(2 ** (failures - free - 1), MAX_BACKOFF_SECONDS))
    return None


def forget(session: Session, key: str) -> None:
    """A successful login clears the account's counter (never the address's)."""
    row = session.get(LoginThrottle, key)
    if row is not None:
        session.delete(row)
