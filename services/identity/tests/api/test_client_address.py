"""The client address in the audit log and the login throttle is the one the gateway signed
into the access context; a client's own X-Forwarded-For never counts (issue 17, finding 6)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from identity.models import LoginThrottle
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
FORGED = "203.0.113.66"


@pytest.fixture()
def user(db):
    return accounts.create_user(
        db, username="coach.bo", password=PASSWORD, email="bo@example.se", role_names=["trainer"]
    )


def _login(api, password, **context):
    headers = api.as_staff("POST", "/auth/login", user_id=None, **context)
    return api.client.post(
        "/auth/login",
        json={"username": "coach.bo", "password": password},
        headers={**headers, "X-Forwarded-For": f"{FORGED}, {FORGED}"},
    )


def _throttle_keys(db) -> list[str]:
    with db.read_only() as session:
        return list(session.scalars(select(LoginThrottle.key)))


def test_the_signed_address_is_audited_and_throttled_and_the_header_is_not(api, db, user):
    assert _login(api, "wrong-password-x", client_address="198.51.100.23").status_code == 401
    assert _login(api, PASSWORD, client_address="198.51.100.23").status_code == 200
    logins = [e for e in api.audit() if e.kind.startswith("login.")]
    assert {e.client_address for e in logins} == {"198.51.100.23"} and len(logins) == 2
    keys = _throttle_keys(db)
    assert any("198.51.100.23" in key for key in keys), keys
    assert not any(FORGED in key for key in keys)


def test_a_context_without_an_address_gives_none_not_the_header(api, db, user):
    # A context of a gateway from before the address claim still verifies.
    assert _login(api, "wrong-password-x").status_code == 401
    assert {e.client_address for e in api.audit("login.failed")} == {None}
    assert not any(FORGED in key for key in _throttle_keys(db))


def test_a_forged_context_falls_back_to_the_socket_peer(api, user):
    response = api.client.post(
        "/auth/login",
        json={"username": "coach.bo", "password": "wrong-password-x"},
        headers={"X-Foyer-Context": "forged.by.client", "X-Forwarded-For": FORGED},
        environ_base={"REMOTE_ADDR": "192.0.2.5"},
    )
    assert response.status_code == 401
    assert {e.client_address for e in api.audit("login.failed")} == {"192.0.2.5"}


def test_an_authenticated_call_takes_the_address_from_its_verified_context(api, user):
    headers = api.as_staff(
        "POST", "/auth/password-reset", user_id=None, client_address="198.51.100.24"
    )
    api.client.post(
        "/auth/password-reset",
        json={"username_or_email": "coach.bo"},
        headers={**headers, "X-Forwarded-For": FORGED},
    )
    assert FORGED not in {e.client_address for e in api.audit()}
