"""The throttle's counters in the caller's transaction: which rows an attempt touches, read
and written. The rules (policies, levels, draining) are pure, in domain/throttle.py."""

from __future__ import annotations

import dataclasses
import math

from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.domain.throttle import (
    ACCOUNT,
    ADDRESS,
    PAIR,
    LoginThrottled,
    drain,
    level,
    policies,
)
from identity.models import LoginThrottle
from identity.repository.throttle import ThrottleRepository


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


def check(session: Session, settings, keys_: Keys, *, spare_fresh_addresses: bool = True) -> None:
    """Raise LoginThrottled while the attempt is blocked; the password is then not checked.

    The account's delay spares an address whose own (pair) bucket is empty, unless
    `spare_fresh_addresses` is off (changing one's password: the caller is already signed in).
    """
    now, rules = utcnow(), policies(settings)
    stored = ThrottleRepository(session)
    rows = {kind: stored.get(key) for kind, key in keys_.by_kind().items()}
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
    stored = ThrottleRepository(session)
    for kind, key in keys_.by_kind().items():
        policy = rules[kind]
        row = stored.get(key, lock=True)
        if row is None:
            row = LoginThrottle(key=key, failures=0)
            stored.add(row)
        drain(row, policy, now)
        row.failures += 1
        ends = policy.blocked_until(row.failures, now)
        if ends and (row.blocked_until is None or ends > row.blocked_until):
            row.blocked_until = ends
        if policy.lock_at is not None and row.failures == policy.lock_at:
            locked.append(kind)
    return locked


def forget(session: Session, keys_: Keys) -> None:
    """A successful login empties its own pair bucket (never the account's or the address's:
    the owner logging in must not reset the delay a stranger has built up)."""
    stored = ThrottleRepository(session)
    row = stored.get(keys_.pair)
    if row is not None:
        stored.delete(row)
