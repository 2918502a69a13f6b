"""GET /audit: filters by user, kind and time; pagination; permission; no secrets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from foyer_shared.db import utcnow
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
READ = "identity.audit.read"


@pytest.fixture()
def user(db):
    return accounts.create_user(
        db, username="coach.bo", password=PASSWORD, email="bo@example.se", role_names=["trainer"]
    )


def login(api, password=PASSWORD):
    return api.client.post(
        "/auth/login",
        json={"username": "coach.bo", "password": password},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )


def get(api, query="", *permissions):
    return api.call("GET", f"/audit{query}", *(permissions or (READ,)))


def test_filter_by_kind_and_user(api, user, db):
    other = accounts.create_user(
        db, username="other.one", password=PASSWORD, email="o@example.se", role_names=["member"]
    )
    login(api)
    login(api, "wrong-password-x")
    failed = get(api, f"?kind=login.failed&user_id={user.id}")
    assert failed.status_code == 200
    assert [(e["kind"], e["subject_user_id"], e["client_address"]) for e in failed.json] == [
        ("login.failed", user.id, "203.0.113.7")
    ]
    assert {e["subject_user_id"] for e in get(api, f"?user_id={other.id}").json} == {other.id}


def test_newest_first_and_paginated(api, user):
    for _ in range(3):
        login(api)
    page = get(api, "?kind=login.succeeded&page=1&page_size=2")
    assert len(page.json) == 2
    assert page.json[0]["occurred_at"] >= page.json[1]["occurred_at"]
    assert '"total": 3' in page.headers["X-Pagination"]
    assert len(get(api, "?kind=login.succeeded&page=2&page_size=2").json) == 1


def test_filter_by_time(api, user):
    login(api)
    later = (utcnow() + timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    earlier = (utcnow() - timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    assert get(api, f"?since={later}").json == []
    assert len(get(api, f"?since={earlier}&kind=login.succeeded").json) == 1
    assert get(api, f"?until={earlier}").json == []


def test_until_before_since_is_422_naming_it(api):
    response = get(api, "?since=2026-11-22T10:00:00Z&until=2026-11-22T09:00:00Z")
    assert response.status_code == 422 and "until" in response.json["errors"]["query"]


def test_reading_needs_the_permission(api):
    response = get(api, "", "identity.users.read")
    assert response.status_code == 403 and READ in response.json["message"]


def test_entries_never_hold_secrets(api, user):
    login(api)
    login(api, "wrong-password-x")
    api.client.post("/auth/password-reset", json={"username_or_email": "coach.bo"})
    body = get(api).get_data(as_text=True)
    assert PASSWORD not in body and "wrong-password-x" not in body
    assert "argon2" not in body and "token=" not in body
