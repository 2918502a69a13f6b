"""Tokens identity issues verify only as EdDSA with a known kid; forgeries fail its helper."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from identity.domain import tokens
from identity.models import SigningKey
from identity.use_cases import accounts, keys

PASSWORD = "a-long-passphrase-1"


@pytest.fixture()
def issued(client, db):
    user = accounts.create_user(
        db,
        username="coach.bo",
        password=PASSWORD,
        email="bo@example.se",
        role_names=["trainer"],
        person_id="2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11",
    )
    body = client.post("/auth/login", json={"username": "coach.bo", "password": PASSWORD}).json
    return user, body["access_token"]


def jwks(client):
    return client.get("/.well-known/jwks.json").json


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_genuine_token_verifies_with_its_claims(client, issued, settings):
    user, token = issued
    claims = tokens.verify_access_token(token, jwks(client), settings)
    assert claims["sub"] == user.id and claims["pid"] == user.person_id and claims["sid"]
    assert "act" not in claims


def test_alg_none_is_refused(client, issued, settings):
    _, token = issued
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    forged = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{b64(claims)}."
    with pytest.raises(tokens.InvalidAccessToken):
        tokens.verify_access_token(forged, jwks(client), settings)


def test_hs256_signed_with_the_public_key_is_refused(client, issued, settings, db):
    _, token = issued
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    with db.read_only() as session:
        private = serialization.load_pem_private_key(
            session.get(SigningKey, kid).private_pem.encode(), password=None
        )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64({"alg": "HS256", "typ": "JWT", "kid": kid})
    payload = b64(claims)
    import hashlib
    import hmac

    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    forged = f"{header}.{payload}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    with pytest.raises(tokens.InvalidAccessToken):
        tokens.verify_access_token(forged, jwks(client), settings)


def resign(token: str, db, **changes) -> str:
    """The same token re-signed with identity's real key, with some claims or header changed."""
    header = jwt.get_unverified_header(token)
    claims = {**jwt.decode(token, options={"verify_signature": False}), **changes}
    with db.read_only() as session:
        private = serialization.load_pem_private_key(
            session.get(SigningKey, header["kid"]).private_pem.encode(), password=None
        )
    return jwt.encode(
        claims, private, algorithm="EdDSA", headers={"kid": changes.pop("_kid", header["kid"])}
    )


def test_expired_token_is_refused(client, issued, settings, db):
    _, token = issued
    expired = resign(token, db, exp=int(time.time()) - 5, iat=int(time.time()) - 905)
    with pytest.raises(tokens.InvalidAccessToken):
        tokens.verify_access_token(expired, jwks(client), settings)


def test_wrong_audience_is_refused(client, issued, settings, db):
    _, token = issued
    with pytest.raises(tokens.InvalidAccessToken):
        tokens.verify_access_token(resign(token, db, aud="elsewhere"), jwks(client), settings)


def test_unknown_kid_is_refused(client, issued, settings, db):
    _, token = issued
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    with db.read_only() as session:
        private = serialization.load_pem_private_key(
            session.get(SigningKey, header["kid"]).private_pem.encode(), password=None
        )
    unknown = jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": "not-a-kid"})
    with pytest.raises(tokens.InvalidAccessToken):
        tokens.verify_access_token(unknown, jwks(client), settings)
    no_kid = jwt.encode(claims, private, algorithm="EdDSA")
    with pytest.raises(tokens.InvalidAccessToken):
        tokens.verify_access_token(no_kid, jwks(client), settings)


def test_rotation_keeps_old_tokens_valid_and_signs_new_ones_with_the_new_key(
    client,
    issued,
    settings,
    db,
):
    _, old_token = issued
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    with db.transaction() as session:
        new_kid = keys.rotate_keys(session, settings).kid
    assert new_kid != old_kid
    published = jwks(client)
    assert {key["kid"] for key in published["keys"]} == {old_kid, new_kid}
    tokens.verify_access_token(old_token, published, settings)  # still verifies
    fresh = client.post("/auth/login", json={"username": "coach.bo", "password": PASSWORD}).json
    assert jwt.get_unverified_header(fresh["access_token"])["kid"] == new_kid
    tokens.verify_access_token(fresh["access_token"], published, settings)
