"""Housekeeping deletes only what can never matter again."""

from __future__ import annotations

from datetime import timedelta

from identity_testing import account
from sqlalchemy import select

from foyer_shared.db import utcnow
from identity.models import LoginThrottle, OneTimeToken, RefreshToken
from identity.use_cases import housekeeping


def test_sweep_keeps_live_rows_and_deletes_dead_ones(db, settings, client):
    user = account(db, "coach.bo", ["trainer"], "a-long-passphrase-1", email="bo@example.se")
    client.post("/auth/login", json={"username": "coach.bo", "password": "a-long-passphrase-1"})
    now = utcnow()
    with db.transaction() as session:
        session.add_all(
            [
                LoginThrottle(
                    key="account:stale", failures=2, last_failure_at=now - timedelta(hours=1)
                ),
                LoginThrottle(key="account:fresh", failures=2, last_failure_at=now),
                LoginThrottle(
                    key="account:locked",
                    failures=10,
                    last_failure_at=now - timedelta(hours=1),
                    blocked_until=now + timedelta(minutes=5),
                ),
                OneTimeToken(
                    user_id=user.id,
                    purpose="activation",
                    token_hash="a" * 64,
                    expires_at=now - timedelta(days=2),
                ),
                OneTimeToken(
                    user_id=user.id,
                    purpose="password_reset",
                    token_hash="b" * 64,
                    expires_at=now + timedelta(hours=1),
                ),
                RefreshToken(
                    user_id=user.id,
                    token_hash="c" * 64,
                    family_id=user.id,
                    expires_at=now - timedelta(days=2),
                ),
            ]
        )
    assert housekeeping.sweep(db, settings) == {"throttles": 1, "links": 1, "refresh_tokens": 1}
    with db.read_only() as session:
        assert set(session.scalars(select(LoginThrottle.key))) == {
            "account:fresh",
            "account:locked",
        }
        assert session.scalars(select(OneTimeToken.purpose)).all() == ["password_reset"]
        assert len(session.scalars(select(RefreshToken)).all()) == 1  # the login's own
