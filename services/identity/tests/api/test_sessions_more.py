"""Login and refresh edge cases: pending accounts, rehashing, deactivation, key retirement."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest
from argon2 import PasswordHasher

from foyer_shared.db import utcnow
from identity.models import SigningKey, User
from identity.use_cases.accounts import bootstrap_owner

PASSWORD = "owner-passphrase-42"


@pytest.fixture()
def owner(db, settings):
    return bootstrap_owner(db, settings)


def login(client):
    return client.post("/auth/login", json={"username": "owner", "password": PASSWORD})


def set_owner(db, owner, **values):
    with db.transaction() as session:
        user = session.get(User, owner.id)
        for name, value in values.items():
            setattr(user, name, value)


@pytest.mark.parametrize("status", ["pending", "inactive"])
def test_not_active_gets_the_same_401_as_a_wrong_password(client, db, owner, status):
    wrong = client.post("/auth/login", json={"username": "owner", "password": "nope-nope-nope"})
    set_owner(db, owner, status=status)
    refused = login(client)
    assert refused.status_code == wrong.status_code == 401
    assert refused.json["message"] == wrong.json["message"]


def test_login_rehashes_a_hash_made_with_older_parameters(client, db, owner):
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    set_owner(db, owner, password_hash=weak)
    assert login(client).status_code == 200
    with db.read_only() as session:
        stored = session.get(User, owner.id).password_hash
    assert stored != weak and "m=19456,t=2,p=1" in stored


def test_refresh_stops_working_when_the_account_is_deactivated(client, db, owner):
    token = login(client).json["refresh_token"]
    set_owner(db, owner, status="inactive")
    assert client.post("/auth/refresh", json={"refresh_token": token}).status_code == 401


def test_unknown_refresh_token_is_401(client, owner):
    response = client.post("/auth/refresh", json={"refresh_token": "made-up"})
    assert response.status_code == 401


def test_token_header_and_claims(client, owner):
    token = login(client).json["access_token"]
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["kid"] and header["alg"] == "EdDSA"
    assert claims["iss"] == "foyer-identity" and claims["aud"] == "foyer"
    assert claims["username"] == "owner" and claims["jti"]
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_jwks_keeps_a_just_retired_key_and_drops_an_old_one(client, db):
    keys = client.get("/.well-known/jwks.json").json["keys"]  # first need makes a key
    assert len(keys) == 1 and keys[0]["kty"] == "OKP" and keys[0]["use"] == "sig"
    first = keys[0]["kid"]
    with db.transaction() as session:
        session.get(SigningKey, first).retired_at = utcnow()
    kids = [key["kid"] for key in client.get("/.well-known/jwks.json").json["keys"]]
    assert first in kids and len(kids) == 2  # a fresh key replaced the retired one
    with db.transaction() as session:
        session.get(SigningKey, first).retired_at = utcnow() - timedelta(hours=1)
    kids = [key["kid"] for key in client.get("/.well-known/jwks.json").json["keys"]]
    assert first not in kids and len(kids) == 1
