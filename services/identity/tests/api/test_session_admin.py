"""Listing and revoking sessions (self or identity.sessions.manage); session_active in access."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from foyer_shared.db import utcnow
from identity.models import LoginSession
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
OWN = "identity.own_account.manage"


@pytest.fixture()
def user(db):
    return accounts.create_user(
        db, username="coach.bo", password=PASSWORD, email="bo@example.se", role_names=["trainer"]
    )


def login(client, agent="phone"):
    response = client.post(
        "/auth/login",
        json={"username": "coach.bo", "password": PASSWORD},
        headers={"User-Agent": agent},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    body = response.json
    body["sid"] = jwt.decode(body["access_token"], options={"verify_signature": False})["sid"]
    return body


def test_the_user_lists_their_live_sessions(api, user):
    phone, laptop = login(api.client, "phone"), login(api.client, "laptop")
    api.client.post("/auth/logout", json={"refresh_token": phone["refresh_token"]})
    response = api.call("GET", f"/users/{user.id}/sessions", OWN, user_id=user.id)
    assert response.status_code == 200
    assert [(s["id"], s["user_agent"], s["client_address"]) for s in response.json] == [
        (laptop["sid"], "laptop", "203.0.113.7")
    ]


def test_someone_else_needs_the_permission(api, user):
    login(api.client)
    path = f"/users/{user.id}/sessions"
    assert api.call("GET", path, OWN, user_id="someone-else").status_code == 403
    staff = api.call("GET", path, OWN, "identity.sessions.manage", user_id="someone-else")
    assert staff.status_code == 200 and len(staff.json) == 1


def test_revoking_one_session_ends_only_it(api, user):
    phone, laptop = login(api.client, "phone"), login(api.client, "laptop")
    path = f"/users/{user.id}/sessions/{phone['sid']}"
    response = api.call("DELETE", path, OWN, "identity.sessions.manage", user_id="staff")
    assert response.status_code == 204
    assert api.access(user.id, phone["sid"])["session_active"] is False
    assert api.access(user.id, laptop["sid"])["session_active"] is True
    assert (
        api.client.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]}).status_code
        == 401
    )
    assert api.events("identity.session.revoked")[-1]["data"] == {
        "user_id": user.id,
        "session_id": phone["sid"],
    }
    entry = api.audit("session.revoked")[-1]
    assert entry.actor_user_id == "staff" and entry.subject_user_id == user.id


def test_revoking_all_sessions(api, user):
    phone, laptop = login(api.client, "phone"), login(api.client, "laptop")
    assert api.call("DELETE", f"/users/{user.id}/sessions", OWN, user_id=user.id).status_code == 204
    assert not any(api.access(user.id, s["sid"])["session_active"] for s in (phone, laptop))
    assert api.events("identity.session.revoked")[-1]["data"]["session_id"] is None


def test_another_users_session_id_is_404(api, user, db):
    other = accounts.create_user(
        db, username="other.one", password=PASSWORD, email="o@example.se", role_names=["member"]
    )
    sid = login(api.client)["sid"]
    path = f"/users/{other.id}/sessions/{sid}"
    assert api.call("DELETE", path, OWN, user_id=other.id).status_code == 404
    assert api.access(other.id, sid)["session_active"] is False  # not theirs


def test_expired_session_is_not_active(api, user, db):
    sid = login(api.client)["sid"]
    with db.transaction() as session:
        session.get(LoginSession, sid).expires_at = utcnow() - timedelta(seconds=1)
    assert api.access(user.id, sid)["session_active"] is False
    assert api.call("GET", f"/users/{user.id}/sessions", OWN, user_id=user.id).json == []


def test_refresh_reuse_shows_in_access_and_events(api, user):
    first = login(api.client)
    api.client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    api.client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert api.access(user.id, first["sid"])["session_active"] is False
    assert api.events("identity.session.revoked")[-1]["data"]["session_id"] == first["sid"]


def test_unknown_session_id_is_not_active(api, user):
    assert api.access(user.id, "00000000-0000-4000-8000-000000000000")["session_active"] is False
    assert api.access(user.id)["session_active"] is None
