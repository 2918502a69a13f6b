"""The gateway-signed access context, and the one `requires(...)` declaration per endpoint."""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
import time
from collections.abc import Iterable

from flask import current_app, g, request
from flask_smorest import Blueprint, abort

from foyer_shared import context_jwt

CONTEXT_HEADER = "X-Foyer-Context"
CONTEXT_ISSUER = "foyer-gateway"
CONTEXT_ALGORITHM = "EdDSA"
DEFAULT_CONTEXT_TTL_SECONDS = 30

# Special declarations: PUBLIC needs no caller (login, JWKS, health); INTERNAL is for
# service-to-service calls only and the gateway never routes client traffic to it.
PUBLIC = "public"
INTERNAL = "internal"
ALL_PERMISSIONS = "*"  # held by the owner role: every permission, present and future
# identity's built-in roles (../shared/ARCHITECTURE.md); identity says what each holds, other
# services only know the names (the CRM's settings name roles; custom ones come by events).
BUILT_IN_ROLE_NAMES = (
    "owner",
    "administrator",
    "manager",
    "trainer",
    "receptionist",
    "group_leader",
    "member",
)


class AccessDenied(Exception):
    """The access context is missing, invalid, expired or for another request."""


@dataclasses.dataclass(frozen=True)
class AccessContext:
    request_id: str
    user_id: str | None = None
    permissions: frozenset[str] = frozenset()
    scopes: dict = dataclasses.field(default_factory=dict)
    caller_service: str | None = None  # set on internal service-to-service calls
    acting_user_id: str | None = None  # set when staff act as this user (impersonation)
    # The client's address as the gateway determined it (its socket peer, or the entry its
    # trusted proxies appended); None in contexts of a gateway that did not send it yet.
    client_address: str | None = None

    def grants(self, permission: str) -> bool:
        if permission == PUBLIC:
            return True
        if permission == INTERNAL:
            return self.caller_service is not None
        return permission in self.permissions or ALL_PERMISSIONS in self.permissions


class ContextSigner:
    """Held by the gateway only: it alone has the private key.

    Encodes the JWT itself (header once, claims with one json.dumps) rather than through
    PyJWT, whose generic encode cost more than the Ed25519 signature on the gateway's hot path;
    ContextVerifier reads it the same way (context_jwt.py), and PyJWT reads it like any JWT.
    """

    def __init__(self, private_key_pem: str, ttl_seconds: int = DEFAULT_CONTEXT_TTL_SECONDS):
        self._key = _load_private(private_key_pem)
        self._ttl = ttl_seconds
        header = json.dumps({"alg": CONTEXT_ALGORITHM, "typ": "JWT"}, separators=(",", ":"))
        self._header = _b64(header.encode()) + b"."

    def sign(
        self,
        *,
        audience: str,
        method: str,
        path: str,
        request_id: str,
        user_id: str | None = None,
        permissions: Iterable[str] = (),
        scopes: dict | None = None,
        caller_service: str | None = None,
        acting_user_id: str | None = None,
        client_address: str | None = None,
    ) -> str:
        now = int(time.time())
        claims = {
            "iss": CONTEXT_ISSUER,
            "aud": audience,
            "iat": now,
            "exp": now + self._ttl,
            # Bound to one request: a captured context cannot be replayed on another route.
            "m": method.upper(),
            "p": path,
            "rid": request_id,
            "perms": sorted(permissions),
            "scopes": scopes or {},
        }
        if user_id:  # `sub`, when present, must be a string for PyJWT's decode
            claims["sub"] = user_id
        if caller_service:
            claims["svc"] = caller_service
        if acting_user_id:
            claims["act"] = acting_user_id
        if client_address:
            claims["addr"] = client_address
        signing_input = self._header + _b64(
            json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        )
        return (signing_input + b"." + _b64(self._key.sign(signing_input))).decode("ascii")


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


class ContextVerifier:
    """Held by every service: verifies that the gateway signed this context for this request."""

    def __init__(self, public_key_pem: str, service: str):
        # Parsed once: PEM parsing per request would cost more than the signature check.
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        self._key = load_pem_public_key(public_key_pem.encode("utf-8"))
        self._service = service

    def verify(self, token: str | None, method: str, path: str) -> AccessContext:
        if not token:
            raise AccessDenied("missing access context: call this service through the gateway")
        try:
            claims = context_jwt.decode(
                token,
                self._key,
                audience=self._service,
                issuer=CONTEXT_ISSUER,
                required=("exp", "iat", "aud", "iss", "m", "p", "rid"),
            )
        except context_jwt.InvalidContextToken as exc:
            raise AccessDenied(f"invalid access context: {exc}") from exc
        if claims["m"] != method.upper() or claims["p"] != path:
            raise AccessDenied("access context was issued for another request")
        return AccessContext(
            request_id=claims["rid"],
            user_id=claims.get("sub"),
            permissions=frozenset(claims.get("perms") or ()),
            scopes=claims.get("scopes") or {},
            caller_service=claims.get("svc"),
            acting_user_id=claims.get("act"),
            client_address=claims.get("addr"),
        )


def _load_private(pem: str):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    return load_pem_private_key(pem.encode("utf-8"), password=None)


def install_verifier(app, verifier: ContextVerifier) -> None:
    app.extensions["foyer_access"] = verifier


def current_access() -> AccessContext:
    """The verified caller of the current request (set by `requires`)."""
    return g.foyer_access


def requires(permission: str):
    """Declare and enforce the permission an endpoint needs; shown as `x-permission` in OpenAPI.

    Put it above `@blp.arguments` so a caller without access is refused before any
    validation tells them about the request body.
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if permission != PUBLIC:
                verifier: ContextVerifier = current_app.extensions["foyer_access"]
                try:
                    context = verifier.verify(
                        request.headers.get(CONTEXT_HEADER), request.method, request.path
                    )
                except AccessDenied as exc:
                    abort(401, message=str(exc))
                if not context.grants(permission):
                    abort(403, message=f"this needs the permission {permission!r}")
                g.foyer_access = context
            return func(*args, **kwargs)

        return Blueprint.doc(**{"x-permission": permission})(wrapper)

    return decorator
