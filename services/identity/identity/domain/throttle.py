"""Login throttling that keeps guessing expensive without letting a stranger lock anyone out.

Three counters per attempt (rows of `login_throttles`), each a leaky bucket: a failed login adds
one, and one drains away every `drain_seconds`, so a steady trickle of typos (an office behind
one NAT) never adds up while a burst of guesses does. Successful logins add nothing.

- pair (account, address): strict. Free failures, then a doubling back-off, then a lock. It
  stops one address guessing one account and touches nobody else.
- account (any address): only a growing delay, never a lock, and it applies only to addresses
  that have failed for this account themselves; so the right password from an address without
  failures always gets in, whatever a stranger did.
- address (any account): free failures, back-off, lock; it stops one address spraying many
  accounts, and counts failures only, so colleagues logging in correctly are never held up.

Counters exist for any name typed, existing or not, so the answers never tell whether an
account exists. docs/security.md (section 3) gives the figures and why.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from identity.models import LoginThrottle

PAIR, ACCOUNT, ADDRESS = "pair", "account", "address"


class LoginThrottled(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"too many failed logins; try again in {retry_after} s")
        self.retry_after = retry_after


@dataclasses.dataclass(frozen=True)
class Policy:
    free: int  # failures (bucket level) without any wait
    max_wait_seconds: int  # the doubling back-off stops growing here
    drain_seconds: int  # one failure is forgotten per this many seconds
    lock_at: int | None = None  # this level locks for lock_minutes; None: never locks
    lock_minutes: int = 15

    def blocked_until(self, level: int, now: datetime) -> datetime | None:
        if self.lock_at is not None and level >= self.lock_at:
            return now + timedelta(minutes=self.lock_minutes)
        if level > self.free:
            wait = min(2 ** min(level - self.free - 1, 30), self.max_wait_seconds)
            return now + timedelta(seconds=wait)
        return None


def policies(settings) -> dict[str, Policy]:
    return {
        PAIR: Policy(
            free=settings.throttle_pair_free_failures,
            max_wait_seconds=settings.throttle_backoff_max_seconds,
            drain_seconds=settings.throttle_pair_drain_seconds,
            lock_at=settings.throttle_pair_lock_failures,
            lock_minutes=settings.throttle_lock_minutes,
        ),
        ACCOUNT: Policy(
            free=settings.throttle_account_free_failures,
            max_wait_seconds=settings.throttle_account_max_delay_seconds,
            drain_seconds=settings.throttle_account_drain_seconds,
        ),
        ADDRESS: Policy(
            free=settings.throttle_address_free_failures,
            max_wait_seconds=settings.throttle_backoff_max_seconds,
            drain_seconds=settings.throttle_address_drain_seconds,
            lock_at=settings.throttle_address_lock_failures,
            lock_minutes=settings.throttle_lock_minutes,
        ),
    }


def level(row: LoginThrottle | None, policy: Policy, now: datetime) -> int:
    """The bucket's level now: its failures less those drained since its clock."""
    if row is None or not row.failures or row.last_failure_at is None:
        return 0
    drained = int((now - row.last_failure_at).total_seconds() // policy.drain_seconds)
    return max(0, row.failures - max(drained, 0))


def drain(row: LoginThrottle, policy: Policy, now: datetime) -> None:
    """`last_failure_at` is the bucket's clock: moved on by whole drained steps only, so a
    trickle of failures closer together than the drain still drains."""
    current = level(row, policy, now)
    if current == 0:
        row.failures, row.last_failure_at = 0, now
    elif current < row.failures:
        steps = row.failures - current
        row.failures = current
        row.last_failure_at += timedelta(seconds=steps * policy.drain_seconds)


def drained_by(settings) -> int:
    """Seconds per failure of the slowest bucket: a row quiet for level × this is empty."""
    return max(policy.drain_seconds for policy in policies(settings).values())
