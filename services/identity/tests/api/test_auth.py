"""Logging in, tokens that verify against the JWKS, refresh rotation and reuse, logout."""

from __future__ import annotations

import time

import jwt
import pytest

from identity.use_cases import accounts
from identity.use_cases.accounts import bootstrap_owner


@pytest.fixture()
def owner(db, settings):
    return bootstrap_owner(db, settings)


def login(client, username="owner", password="owner-passphrase-42"):
    return client.post("/auth/login", json={"username": username, "password": password})


def test_login_returns_a_verifiable_eddsa_token(client, owner, settings):
    response = login(client)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    jwks = client.get("/.well-known/jwks.json").json["keys"]
    header = jwt.get_unverified_header(body["access_token"])
    key = next(k for k in jwks if k["kid"] == header["kid"])
    assert header["alg"] == "EdDSA" and key["alg"] == "EdDSA"
    claims = jwt.decode(
        body["access_token"],
        jwt.PyJWK(key).key,
        algorithms=["EdDSA"],
        audience="foyer",
        issuer="foyer-identity",
    )
    assert claims["sub"] == owner.id
    assert 895 <= claims["exp"] - time.time() <= 900


def test_username_is_case_insensitive(client, owner):
    assert login(client, username="OWNER").status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_401(client, owner):
    wrong = login(client, password="not-the-password")
    unknown = login(client, username="nobody")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["message"] == unknown.json["message"]


def test_inactive_account_cannot_log_in(client, owner, db):
    with db.transaction() as session:
        session.get(type(owner), owner.id).status = "inactive"
    assert login(client).status_code == 401


def test_missing_field_is_named(client):
    response = client.post("/auth/login", json={"username": "owner"})
    assert response.status_code == 422
    assert "password" in response.json["errors"]["json"]


def test_refresh_rotates_and_reuse_revokes_the_session(client, owner):
    first = login(client).json["refresh_token"]
    second = client.post("/auth/refresh", json={"refresh_token": first})
    assert second.status_code == 200
    newer = second.json["refresh_token"]
    assert newer != first
    reused = client.post("/auth/refresh", json={"refresh_token": first})
    assert reused.status_code == 401
    assert "already used" in reused.json["message"]
    # The whole family is gone: the newest token, never used, no longer works either.
    assert client.post("/auth/refresh", json={"refresh_token": newer}).status_code == 401


def test_logout_revokes(client, owner):
    token = login(client).json["refresh_token"]
    assert client.post("/auth/logout", json={"refresh_token": token}).status_code == 204
    assert client.post("/auth/refresh", json={"refresh_token": token}).status_code == 401


def test_owner_bootstrap_is_idempotent_and_publishes_without_secrets(db, settings):
    import json

    from sqlalchemy import func, select

    from identity.models import User, messaging

    assert bootstrap_owner(db, settings) is not None
    assert bootstrap_owner(db, settings) is None
    with db.read_only() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1
        rows = session.execute(select(messaging.outbox)).all()
    assert [row.routing_key for row in rows] == ["identity.user.created"]
    assert "owner-passphrase" not in rows[0].body and "argon2" not in rows[0].body
    assert json.loads(rows[0].body)["data"]["username"] == "owner"


def test_password_is_stored_as_argon2id(db, owner):
    stored = accounts.get_user(db, owner.id).password_hash
    assert stored.startswith("$argon2id$") and "owner-passphrase" not in stored
