"""Signing keys: made on first need, rotated by the operator, published as a JWKS; access
tokens are signed here with the current one.

With `FOYER_SIGNING_KEY_PASSPHRASE` set, new private keys are stored encrypted (PKCS#8 with the
best available encryption), so a copy of the database alone cannot mint tokens.
Here rather than in domain/: keys are rows, made and retired in the caller's transaction, and
signing needs the current one; verifying needs none and is pure (domain/tokens.py).
"""

from __future__ import annotations

import json
import time
from datetime import timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from foyer_shared.db import Database, new_id, utcnow
from identity.domain.actor import SYSTEM
from identity.models import SigningKey
from identity.repository.tokens import SigningKeyRepository
from identity.settings import Settings
from identity.use_cases import audit

_ENCRYPTED = "-----BEGIN ENCRYPTED PRIVATE KEY-----"


class KeyLocked(RuntimeError):
    """An encrypted signing key, and no (or the wrong) passphrase in the settings."""


def current_key(session: Session, settings: Settings) -> SigningKey:
    """The newest unretired key; made on first need so a fresh install needs no key setup."""
    stored = SigningKeyRepository(session)
    key = stored.newest_unretired()
    if key is None:
        passphrase = settings.signing_key_passphrase.encode()
        encryption = (
            serialization.BestAvailableEncryption(passphrase)
            if passphrase
            else serialization.NoEncryption()
        )
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )
        key = SigningKey(kid=new_id(), private_pem=pem.decode())
        stored.add(key)
        session.flush()
    return key


def ensure_key(db: Database, settings: Settings) -> None:
    """A signing key before the first login: the gateway's JWKS is then never empty."""
    with db.transaction() as session:
        current_key(session, settings)


def rotate(db: Database, settings: Settings) -> SigningKey:
    """The operator's `rotate-keys`: a new signing key now, in the audit log; the previous one
    keeps verifying until its tokens have expired."""
    with db.transaction() as session:
        key = rotate_keys(session, settings)
        audit.record(session, audit.KEYS_ROTATED, SYSTEM, kid=key.kid)
    return key


def private_key(key: SigningKey, settings: Settings) -> Ed25519PrivateKey:
    encrypted = key.private_pem.startswith(_ENCRYPTED)
    if encrypted and not settings.signing_key_passphrase:
        raise KeyLocked(f"signing key {key.kid} is encrypted; set FOYER_SIGNING_KEY_PASSPHRASE")
    try:
        return serialization.load_pem_private_key(
            key.private_pem.encode(),
            password=settings.signing_key_passphrase.encode() if encrypted else None,
        )
    except ValueError as exc:
        raise KeyLocked(f"signing key {key.kid} cannot be opened: wrong passphrase?") from exc


def rotate_keys(session: Session, settings: Settings) -> SigningKey:
    """Retire the signing key in use and make a new one. The retired key stays in the JWKS
    until every token it signed has expired, so rotation logs nobody out."""
    now = utcnow()
    for key in SigningKeyRepository(session).unretired():
        key.retired_at = now
    session.flush()
    return current_key(session, settings)


def public_jwks(session: Session, settings: Settings) -> dict:
    """Keys that may have signed a live token: unretired, or retired within one token lifetime."""
    # No token outlives the longest lifetime, so older retired keys can verify nothing live.
    longest = max(settings.access_token_minutes, settings.impersonation_minutes)
    cutoff = utcnow() - timedelta(minutes=longest)
    keys = []
    for key in SigningKeyRepository(session).unretired_or_retired_after(cutoff):
        public = private_key(key, settings).public_key()
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(public))
        keys.append({**jwk, "kid": key.kid, "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}


def issue_access_token(
    session: Session,
    settings: Settings,
    user,
    sid: str,
    *,
    act: str | None = None,
    minutes: int | None = None,
) -> str:
    """`sid` names the login session; `act` the staff member acting as `user` (impersonation)."""
    key = current_key(session, settings)
    now = int(time.time())
    claims = {
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "sub": user.id,
        "username": user.username,
        "sid": sid,
        "iat": now,
        "exp": now + (minutes or settings.access_token_minutes) * 60,
        "jti": new_id(),
    }
    if user.person_id:
        claims["pid"] = user.person_id
    if act:
        claims["act"] = {"sub": act}
    private = private_key(key, settings)
    return jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": key.kid})
