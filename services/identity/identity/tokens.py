"""Access tokens (EdDSA JWT with kid) and refresh tokens (random, stored as sha256)."""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from datetime import timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import utcnow
from identity.models import SigningKey
from identity.settings import Settings


def current_key(session: Session) -> SigningKey:
    """The newest unretired key; made on first need so a fresh install needs no key setup."""
    key = session.scalars(
        select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(
            SigningKey.created_at.desc()
        )
    ).first()
    if key is None:
        private = Ed25519PrivateKey.generate()
        key = SigningKey(
            kid=uuid.uuid4().hex[:16],
            private_pem=private.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode(),
        )
        session.add(key)
        session.flush()
    return key


def rotate_keys(session: Session) -> SigningKey:
    """Retire the signing key in use and make a new one. The retired key stays in the JWKS
    until every token it signed has expired, so rotation logs nobody out."""
    now = utcnow()
    for key in session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
        key.retired_at = now
    session.flush()
    return current_key(session)


def issue_access_token(
    session: Session, settings: Settings, user, sid: str, *, act: str | None = None,
    minutes: int | None = None,
) -> str:
    """`sid` names the login session; `act` the staff member acting as `user` (impersonation)."""
    key = current_key(session)
    now = int(time.time())
    claims = {
        "iss": settings.token_issuer,
        "aud": settings.token_audience,
        "sub": user.id,
        "username": user.username,
        "sid": sid,
        "iat": now,
        "exp": now + (minutes or settings.access_token_minutes) * 60,
        "jti": uuid.uuid4().hex,
    }
    if user.person_id:
        claims["pid"] = user.person_id
    if act:
        claims["act"] = {"sub": act}
    private = serialization.load_pem_private_key(key.private_pem.encode(), password=None)
    return jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": key.kid})


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
        private = serialization.load_pem_private_key(key.private_pem.encode(), password=None)
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(private.public_key()))
        keys.append({**jwk, "kid": key.kid, "use": "sig", "alg": "EdDSA"})
    return {"keys": keys}


class InvalidAccessToken(Exception):
    pass


def verify_access_token(token: str, jwks: dict, settings: Settings) -> dict:
    """Verify as a relying party would: EdDSA only, a kid found in `jwks`, iss, aud, exp."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        match = next((key for key in jwks["keys"] if kid and key.get("kid") == kid), None)
        if match is None:
            raise InvalidAccessToken("unknown or missing kid")
        return jwt.decode(
            token, jwt.PyJWK(match).key, algorithms=["EdDSA"],  # pinned: never none, never HS*
            audience=settings.token_audience, issuer=settings.token_issuer,
            options={"require": ["exp", "iat", "sub", "sid", "iss", "aud"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidAccessToken(str(exc)) from exc


def new_refresh_token() -> tuple[str, str]:
    """(the token the client keeps, the hash we keep)."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
