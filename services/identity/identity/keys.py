"""Signing keys: made on first need, rotated by the operator, published as a JWKS.

With `FOYER_SIGNING_KEY_PASSPHRASE` set, new private keys are stored encrypted (PKCS#8 with the
best available encryption), so a copy of the database alone cannot mint tokens.
"""

from __future__ import annotations

import json
from datetime import timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import new_id, utcnow
from identity.models import SigningKey
from identity.settings import Settings

_ENCRYPTED = "-----BEGIN ENCRYPTED PRIVATE KEY-----"


class KeyLocked(RuntimeError):
    """An encrypted signing key, and no (or the wrong) passphrase in the settings."""


def current_key(session: Session, settings: Settings) -> SigningKey:
    """The newest unretired key; made on first need so a fresh install needs no key setup."""
    key = session.scalars(
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.created_at.desc())
    ).first()
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
        session.add(key)
        session.flush()
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
    for key in session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
        key.retired_at = now
    session.flush()
    return current_key(session, settings)


def public_jwks(session: Session, settings: Settings) -> dict:
    """Keys that may have signed a live token: unretired, or retired within one token lifetime."""
    # No token outlives the longest lifetime, so older retired keys can verify nothing live.
    longest = max(settings.access_token_minutes, settings.impersonation_minutes)
    cutoff = utcnow() - timedelta(minutes=longest)
    query = select(SigningKey).where(
        SigningKey.retired_at.is_(None) | (SigningKey.retired_at > cutoff)
    )
    keys = []
    for key in session.scalars(query.order_by(SigningKey.created_at)):
        public = private_key(key, settings).public_key()
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(public))
        keys.append({**jwk, "kid": key.kid, "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}
