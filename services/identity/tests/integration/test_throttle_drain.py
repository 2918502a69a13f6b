"""The buckets drain on a clock of their own: a trickle of typos never adds up to a block."""

from __future__ import annotations

from datetime import timedelta

from foyer_shared.db import utcnow
from identity.use_cases import throttle


def test_a_trickle_slower_than_the_drain_never_blocks_an_address(db, settings, monkeypatch):
    """An office address where someone mistypes every 75 s all day (drain: one per 60 s)."""
    start = utcnow()
    for number in range(150):  # three hours, each typo by another colleague
        now = start + timedelta(seconds=75 * number)
        monkeypatch.setattr(throttle, "utcnow", lambda now=now: now)
        office = throttle.keys(f"colleague.{number % 40}", "203.0.113.50")
        with db.transaction() as session:
            throttle.check(session, settings, office)  # never raises
            throttle.record_failure(session, settings, office)
    with db.read_only() as session:
        assert session.get(throttle.LoginThrottle, "address:203.0.113.50").failures <= 2


def test_a_burst_faster_than_the_drain_adds_up(db, settings, monkeypatch):
    start = utcnow()
    for number in range(31):  # one guess a second from one address, each at another name
        now = start + timedelta(seconds=number)
        monkeypatch.setattr(throttle, "utcnow", lambda now=now: now)
        with db.transaction() as session:
            throttle.record_failure(session, settings, throttle.keys(f"n{number}", "192.0.2.9"))
    with db.read_only() as session:
        row = session.get(throttle.LoginThrottle, "address:192.0.2.9")
        assert row.failures == 31 and row.blocked_until > now
