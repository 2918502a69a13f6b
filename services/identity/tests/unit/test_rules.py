"""Rules without I/O: assignment validity, the throttle schedule, who holds what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from identity.actor import Actor
from identity.models import LoginSession, UserRole
from identity.throttle import _blocked_until, keys

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
PERIOD = timedelta(minutes=15)


def test_assignment_in_force_from_inclusive_until_exclusive():
    assignment = UserRole(role="trainer", valid_from=NOW, valid_until=NOW + timedelta(days=1))
    assert not assignment.in_force(NOW - timedelta(seconds=1))
    assert assignment.in_force(NOW)
    assert not assignment.in_force(NOW + timedelta(days=1))
    assert UserRole(role="trainer").in_force(NOW)


def test_throttle_is_free_then_doubles_then_locks():
    waits = [_blocked_until(n, 3, 10, PERIOD, NOW) for n in range(1, 11)]
    assert waits[:3] == [None, None, None]
    assert [(w - NOW).total_seconds() for w in waits[3:9]] == [1, 2, 4, 8, 16, 32]
    assert waits[9] == NOW + PERIOD


def test_back_off_is_capped_at_a_minute():
    assert _blocked_until(40, 3, 50, PERIOD, NOW) == NOW + timedelta(seconds=60)


def test_throttle_keys_are_case_insensitive_and_include_the_address():
    assert keys(" Coach.Bo ", "203.0.113.7") == ["account:coach.bo", "address:203.0.113.7"]
    assert keys("coach.bo", None) == ["account:coach.bo"]


def test_session_is_active_until_revoked_or_expired():
    live = LoginSession(expires_at=NOW + timedelta(minutes=1))
    assert live.active(NOW) and not live.active(NOW + timedelta(minutes=1))
    assert not LoginSession(expires_at=NOW + PERIOD, revoked_at=NOW).active(NOW)


def test_actor_holds_with_star():
    assert Actor(permissions=frozenset({"*"})).holds("identity.impersonate")
    assert not Actor(permissions=frozenset({"identity.users.read"})).holds("identity.impersonate")
