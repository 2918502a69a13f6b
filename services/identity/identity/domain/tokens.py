"""Verifying access tokens (EdDSA JWT with kid); refresh tokens (random, stored as sha256).

Signing needs the current key from the database, so it lives with the keys (use_cases/keys.py).
"""

from __future__ import annotations

import hashlib
import secrets

import jwt

from identity.settings import Settings


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
