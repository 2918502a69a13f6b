"""Access tokens (EdDSA JWT with kid) and refresh tokens (random, stored as sha256)."""

from __future__ import annotations

import hashlib
import secrets
import time

import jwt
from sqlalchemy.orm import Session

from foyer_shared.db import new_id
from identity import keys
from identity.settings import Settings


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
    key = keys.current_key(session, settings)
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
    private = keys.private_key(key, settings)
    return jwt.encode(claims, private, algorithm="EdDSA", headers={"kid": key.kid})


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
            token,
            jwt.PyJWK(match).key,
            algorithms=["EdDSA"],  # pinned: never none, never HS*
            audience=settings.token_audience,
            issuer=settings.token_issuer,
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
