"""Reading the gateway's access context (a compact EdDSA JWT) on every request, cheaply.

PyJWT's generic decode was about a tenth of a registry person GET's CPU, most of it checking
the base64 text character by character (`bench/registry_read_cpu.py --profile`). The token
has one shape, made by ContextSigner, so it is checked here directly with the rules PyJWT
applied: the algorithm pinned, the signature, the required claims, exp/iat/nbf against the
clock (no leeway), the audience and the issuer.
"""

from __future__ import annotations

import base64
import binascii
import json
import time

from cryptography.exceptions import InvalidSignature

ALGORITHM = "EdDSA"


class InvalidContextToken(Exception):
    """The token is malformed, badly signed, expired or not for this audience/issuer."""


def decode(token: str, key, *, audience: str, issuer: str, required: tuple[str, ...]) -> dict:
    """The verified claims of `token`, signed with the Ed25519 public `key`."""
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(_b64decode(header_b64))
        if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
            raise InvalidContextToken("the algorithm is not allowed")  # never 'none', never HS*
        key.verify(_b64decode(signature_b64), f"{header_b64}.{claims_b64}".encode("ascii"))
        claims = json.loads(_b64decode(claims_b64))
    except InvalidSignature as exc:
        raise InvalidContextToken("Signature verification failed") from exc
    except (ValueError, TypeError, binascii.Error, UnicodeError) as exc:
        raise InvalidContextToken(f"not a valid token: {exc}") from exc
    if not isinstance(claims, dict):
        raise InvalidContextToken("the claims are not an object")
    _check(claims, audience, issuer, required)
    return claims


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _check(claims: dict, audience: str, issuer: str, required: tuple[str, ...]) -> None:
    for name in required:
        if name not in claims:
            raise InvalidContextToken(f'Token is missing the "{name}" claim')
    now = time.time()
    for name in ("exp", "iat", "nbf"):
        if name in claims and not isinstance(claims[name], int | float):
            raise InvalidContextToken(f"the {name} claim must be a number")
    if "exp" in claims and claims["exp"] <= now:
        raise InvalidContextToken("Signature has expired")
    if claims.get("iat", 0) > now or claims.get("nbf", 0) > now:
        raise InvalidContextToken("The token is not yet valid")
    aud = claims.get("aud")
    if audience not in ([aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []):
        raise InvalidContextToken("Audience doesn't match")
    if claims.get("iss") != issuer:
        raise InvalidContextToken("Invalid issuer")
    if "sub" in claims and not isinstance(claims["sub"], str):
        raise InvalidContextToken("Subject must be a string")
