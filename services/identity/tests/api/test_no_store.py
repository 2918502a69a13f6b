"""Responses that carry tokens are never stored by a browser or proxy (issue 17, finding 8)."""

from __future__ import annotations

import pytest

from identity.domain import roles
from identity.use_cases import accounts

PASSWORD, NEW = "a-long-passphrase-1", "another-long-phrase-2"


@pytest.fixture()
def user(db):
    return accounts.create_user(
        db, username="coach.bo", password=PASSWORD, email="bo@example.se", role_names=["member"]
    )


def not_stored(response) -> bool:
    return (
        response.headers.get("Cache-Control") == "no-store"
        and response.headers.get("Pragma") == "no-cache"
    )


def login(api, password=PASSWORD):
    return api.client.post("/auth/login", json={"username": "coach.bo", "password": password})


def test_login_and_refresh_are_not_stored(api, user):
    logged_in = login(api)
    assert logged_in.status_code == 200 and not_stored(logged_in)
    assert not_stored(login(api, "wrong-password-x"))  # the refusal neither
    refreshed = api.client.post(
        "/auth/refresh", json={"refresh_token": logged_in.json["refresh_token"]}
    )
    assert refreshed.status_code == 200 and not_stored(refreshed)


def test_impersonation_token_is_not_stored(api, user):
    response = api.call(
        "POST",
        f"/users/{user.id}/impersonate",
        "identity.impersonate",
        *roles.BUILT_IN_ROLES["member"],
        json={"reason": "ticket 4711"},
    )
    assert response.status_code == 200 and not_stored(response)


def test_password_change_pair_is_not_stored(api, user):
    response = api.call(
        "POST",
        "/account/password",
        roles.OWN_ACCOUNT,
        user_id=user.id,
        json={"old_password": PASSWORD, "new_password": NEW},
    )
    assert response.status_code == 200 and "refresh_token" in response.json
    assert not_stored(response)


def test_other_answers_keep_their_caching(api, user):
    assert "no-store" not in api.client.get("/.well-known/jwks.json").headers.get(
        "Cache-Control", ""
    )
