"""Rules without I/O: assignment validity, the throttle schedule, who holds what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from identity.domain.actor import Actor
from identity.domain.throttle import Policy, level, policies
from identity.models import LoginSession, LoginThrottle, UserRole
from identity.settings import Settings
from identity.use_cases.throttle import Keys, keys

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
PERIOD = timedelta(minutes=15)


def test_assignment_in_force_from_inclusive_until_exclusive():
    assignment = UserRole(role="trainer", valid_from=NOW, valid_until=NOW + timedelta(days=1))
    assert not assignment.in_force(NOW - timedelta(seconds=1))
    assert assignment.in_force(NOW)
    assert not assignment.in_force(NOW + timedelta(days=1))
    assert UserRole(role="trainer").in_force(NOW)


PAIR = Policy(free=3, max_wait_seconds=60, drain_seconds=90, lock_at=10, lock_minutes=15)
ACCOUNT = Policy(free=5, max_wait_seconds=300, drain_seconds=300)


def test_pair_is_free_then_doubles_then_locks():
    waits = [PAIR.blocked_until(n, NOW) for n in range(1, 11)]
    assert waits[:3] == [None, None, None]
    assert [(w - NOW).total_seconds() for w in waits[3:9]] == [1, 2, 4, 8, 16, 32]
    assert waits[9] == NOW + PERIOD


def test_back_off_is_capped_at_a_minute():
    assert Policy(free=30, max_wait_seconds=60, drain_seconds=60, lock_at=100).blocked_until(
        40, NOW
    ) == NOW + timedelta(seconds=60)


def test_the_account_only_delays_growing_to_five_minutes_and_never_locks():
    waits = [ACCOUNT.blocked_until(n, NOW) for n in range(1, 10_000)]
    assert waits[:5] == [None] * 5
    assert [(w - NOW).total_seconds() for w in waits[5:15]] == [
        1,
        2,
        4,
        8,
        16,
        32,
        64,
        128,
        256,
        300,
    ]
    assert max(waits[5:]) == NOW + timedelta(seconds=300)


def test_a_bucket_drains_one_failure_per_drain_period():
    row = LoginThrottle(failures=4, last_failure_at=NOW)
    assert level(row, PAIR, NOW + timedelta(seconds=89)) == 4
    assert level(row, PAIR, NOW + timedelta(seconds=180)) == 2
    assert level(row, PAIR, NOW + timedelta(hours=1)) == 0
    assert level(None, PAIR, NOW) == 0


def test_the_default_figures_match_docs_security():
    rules = policies(Settings())
    assert (rules["pair"].free, rules["pair"].lock_at, rules["pair"].drain_seconds) == (3, 10, 90)
    assert (rules["account"].free, rules["account"].max_wait_seconds, rules["account"].lock_at) == (
        5,
        300,
        None,
    )
    assert (rules["address"].free, rules["address"].lock_at) == (30, 100)


def test_throttle_keys_are_case_insensitive_and_pair_the_address():
    found = keys(" Coach.Bo ", "203.0.113.7")
    assert found == Keys(
        account="account:coach.bo", pair="pair:203.0.113.7 coach.bo", address="address:203.0.113.7"
    )
    assert keys("coach.bo", None).by_kind() == {
        "pair": "pair:- coach.bo",
        "account": "account:coach.bo",
    }


def test_session_is_active_until_revoked_or_expired():
    live = LoginSession(expires_at=NOW + timedelta(minutes=1))
    assert live.active(NOW) and not live.active(NOW + timedelta(minutes=1))
    assert not LoginSession(expires_at=NOW + PERIOD, revoked_at=NOW).active(NOW)


def test_actor_holds_with_star():
    assert Actor(permissions=frozenset({"*"})).holds("identity.impersonate")
    assert not Actor(permissions=frozenset({"identity.users.read"})).holds("identity.impersonate")
