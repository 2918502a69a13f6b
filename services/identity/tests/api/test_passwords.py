"""Password reset by link, changing one's own password, and the password policy."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import select

from foyer_shared.db import utcnow
from identity.models import OneTimeToken, User
from identity.use_cases import accounts

PASSWORD, NEW = "a-long-passphrase-1", "another-long-phrase-2"


@pytest.fixture()
def user(db):
    return accounts.create_user(
        db, username="coach.bo", password=PASSWORD, email="Bo@Example.se", role_names=["trainer"]
    )


def login(api, password=PASSWORD):
    return api.client.post("/auth/login", json={"username": "coach.bo", "password": password})


def ask_reset(api, who):
    return api.client.post("/auth/password-reset", json={"username_or_email": who})


def reset_token(api) -> str:
    link = api.events("identity.password_reset.requested")[-1]["data"]["link"]
    assert link.startswith("http://127.0.0.1:8080/reset-password?token=")
    return parse_qs(urlparse(link).query)["token"][0]


def test_reset_answers_the_same_whether_or_not_the_account_exists(api, user):
    known, unknown = ask_reset(api, "bo@example.se"), ask_reset(api, "nobody@example.se")
    assert known.status_code == unknown.status_code == 202
    assert known.json == unknown.json
    events = api.events("identity.password_reset.requested")
    assert len(events) == 1
    data = events[0]["data"]
    assert data["user_id"] == user.id and data["email"] == "Bo@Example.se"
    lifetime = utcnow().fromisoformat(data["expires_at"]) - utcnow()
    assert timedelta(minutes=59) < lifetime <= timedelta(hours=1)


def test_reset_by_username_sets_the_password_once_and_ends_sessions(api, user):
    refresh = login(api).json["refresh_token"]
    ask_reset(api, "COACH.BO")
    token = reset_token(api)
    confirm = api.client.post(
        "/auth/password-reset/confirm", json={"token": token, "password": NEW}
    )
    assert confirm.status_code == 204, confirm.json
    assert login(api).status_code == 401 and login(api, NEW).status_code == 200
    assert api.client.post("/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    again = api.client.post(
        "/auth/password-reset/confirm", json={"token": token, "password": NEW + "x"}
    )
    assert again.status_code == 400 and "token" in again.json["errors"]["json"]
    assert [e.kind for e in api.audit("password.reset")] == ["password.reset"]


def test_expired_reset_link_is_refused(api, user, db):
    ask_reset(api, "coach.bo")
    token = reset_token(api)
    with db.transaction() as session:
        session.scalars(select(OneTimeToken)).one().expires_at = utcnow() - timedelta(seconds=1)
    response = api.client.post(
        "/auth/password-reset/confirm", json={"token": token, "password": NEW}
    )
    assert response.status_code == 400


def test_a_newer_reset_link_replaces_the_older(api, user):
    ask_reset(api, "coach.bo")
    first = reset_token(api)
    ask_reset(api, "coach.bo")
    response = api.client.post(
        "/auth/password-reset/confirm", json={"token": first, "password": NEW}
    )
    assert response.status_code == 400


def test_inactive_account_gets_no_reset_link(api, user, db):
    with db.transaction() as session:
        session.get(User, user.id).status = "inactive"
    assert ask_reset(api, "coach.bo").status_code == 202
    assert api.events("identity.password_reset.requested") == []


def change(api, user, old, new, language=None):
    # From the address the test client's logins come from, as the gateway would sign it.
    signed = api.as_staff(
        "POST",
        "/account/password",
        "identity.own_account.manage",
        user_id=user.id,
        client_address="127.0.0.1",
    )
    if language:
        signed["Accept-Language"] = language
    return api.client.post(
        "/account/password", headers=signed, json={"old_password": old, "new_password": new}
    )


def test_change_own_password_needs_the_old_one(api, user):
    wrong = change(api, user, "not-the-password", NEW)
    assert wrong.status_code == 400 and "old_password" in wrong.json["errors"]["json"]
    assert [e.kind for e in api.audit("password.change_refused")] == ["password.change_refused"]
    refresh = login(api).json["refresh_token"]
    changed = change(api, user, PASSWORD, NEW)
    assert changed.status_code == 200 and changed.json["access_token"]
    assert login(api, NEW).status_code == 200 and login(api).status_code == 401
    # Older sessions ended; the fresh pair works.
    assert api.client.post("/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    assert (
        api.client.post(
            "/auth/refresh", json={"refresh_token": changed.json["refresh_token"]}
        ).status_code
        == 200
    )
    entries = api.audit("password.changed")
    assert [e.subject_user_id for e in entries] == [user.id]
    assert PASSWORD not in str(entries[0].details) and NEW not in str(entries[0].details)


@pytest.mark.parametrize("weak", ["short-1", "coach.bo", "COACH.BO", "qwertyuiop", "1234567890"])
def test_weak_new_password_is_422_naming_it(api, user, weak):
    response = change(api, user, PASSWORD, weak)
    assert response.status_code == 422
    assert "new_password" in response.json["errors"]["json"]
    assert login(api).status_code == 200  # unchanged


def test_the_password_rules_read_in_swedish_when_asked(api, user):
    said = {}
    for weak in ("short-1", "qwertyuiop"):
        response = change(api, user, PASSWORD, weak, language="sv")
        assert response.status_code == 422
        said[weak] = response.json["errors"]["json"]["new_password"]
    assert said == {
        "short-1": ["lösenordet behöver minst 10 tecken"],
        "qwertyuiop": ["lösenordet är ett av de vanligaste; välj ett annat"],
    }
    english = change(api, user, PASSWORD, "short-1").json["errors"]["json"]["new_password"]
    assert english == ["the password needs at least 10 characters"]


def test_guessing_the_old_password_is_throttled_like_logins(api, user):
    for _ in range(4):
        assert change(api, user, "not-the-password", NEW).status_code == 400
    throttled = change(api, user, PASSWORD, NEW)
    assert throttled.status_code == 429 and "Retry-After" in throttled.headers
    assert login(api).status_code == 429  # the same counter as the login's
