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
import math
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
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


@dataclasses.dataclass(frozen=True)
class Keys:
    """The counters one attempt touches; without a known address the pair is (name, unknown)."""

    account: str
    pair: str
    address: str | None

    def by_kind(self) -> dict[str, str]:
        found = {PAIR: self.pair, ACCOUNT: self.account}
        return found | ({ADDRESS: self.address} if self.address else {})


def keys(username: str, address: str | None) -> Keys:
    name = username.strip().lower()[:150]
    return Keys(
        account=f"{ACCOUNT}:{name}",
        pair=f"{PAIR}:{address or '-'} {name}",
        address=f"{ADDRESS}:{address}" if address else None,
    )


def level(row: LoginThrottle | None, policy: Policy, now: datetime) -> int:
    """The bucket's level now: its failures less those drained since its clock."""
    if row is None or not row.failures or row.last_failure_at is None:
        return 0
    drained = int((now - row.last_failure_at).total_seconds() // policy.drain_seconds)
    return max(0, row.failures - max(drained, 0))


def check(session: Session, settings, keys_: Keys, *, spare_fresh_addresses: bool = True) -> None:
    """Raise LoginThrottled while the attempt is blocked; the password is then not checked.

    The account's delay spares an address whose own (pair) bucket is empty, unless
    `spare_fresh_addresses` is off (changing one's password: the caller is already signed in).
    """
    now, rules = utcnow(), policies(settings)
    rows = {kind: session.get(LoginThrottle, key) for kind, key in keys_.by_kind().items()}
    if spare_fresh_addresses and level(rows[PAIR], rules[PAIR], now) == 0:
        rows.pop(ACCOUNT)
    ends = [
        row.blocked_until
        for row in rows.values()
        if row is not None and row.blocked_until and row.blocked_until > now
    ]
    if ends:
        raise LoginThrottled(math.ceil((max(ends) - now).total_seconds()))


def record_failure(session: Session, settings, keys_: Keys) -> list[str]:
    """Count one failure on every counter; returns the kinds this failure locked."""
    now, rules, locked = utcnow(), policies(settings), []
    for kind, key in keys_.by_kind().items():
        policy = rules[kind]
        row = session.get(LoginThrottle, key, with_for_update=True)
        if row is None:
            row = LoginThrottle(key=key, failures=0)
            session.add(row)
        _drain(row, policy, now)
        row.failures += 1
        ends = policy.blocked_until(row.failures, now)
        if ends and (row.blocked_until is None or ends > row.blocked_until):
            row.blocked_until = ends
        if policy.lock_at is not None and row.failures == policy.lock_at:
            locked.append(kind)
    return locked


def _drain(row: LoginThrottle, policy: Policy, now: datetime) -> None:
    """`last_failure_at` is the bucket's clock: moved on by whole drained steps only, so a
    trickle of failures closer together than the drain still drains."""
    current = level(row, policy, now)
    if current == 0:
        row.failures, row.last_failure_at = 0, now
    elif current < row.failures:
        steps = row.failures - current
        row.failures = current
        row.last_failure_at += timedelta(seconds=steps * policy.drain_seconds)


def forget(session: Session, keys_: Keys) -> None:
    """A successful login empties its own pair bucket (never the account's or the address's:
    the owner logging in must not reset the delay a stranger has built up)."""
    row = session.get(LoginThrottle, keys_.pair)
    if row is not None:
        session.delete(row)


def drained_by(settings) -> int:
    """Seconds per failure of the slowest bucket: a row quiet for level × this is empty."""
    return max(policy.drain_seconds for policy in policies(settings).values())
