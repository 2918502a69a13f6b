"""Access-token verification against identity's JWKS: cached, refetched on an unknown kid."""

from __future__ import annotations

import logging
import threading
import time

import jwt
import requests

from gateway.errors import GatewayError, unavailable

log = logging.getLogger(__name__)

ALGORITHMS = ["EdDSA"]  # pinned: never 'none', never HS* with the public key as a secret


def unauthorized(message: str) -> GatewayError:
    return GatewayError(401, message, headers={"WWW-Authenticate": 'Bearer realm="foyer"'})


class TokenVerifier:
    """Verifies identity's access tokens; the JWKS is read once and again only for a new kid."""

    def __init__(
        self,
        session: requests.Session,
        jwks_urls: str | list[str],
        *,
        issuer: str,
        audience: str,
        timeout: float,
        refetch_min_seconds: float,
        retry_after: int = 5,
        on_fetch=None,
    ):
        self._on_fetch = on_fetch or (lambda: None)
        self._session = session
        # Every identity instance serves the same keys: the next is asked when one is down.
        self._jwks_urls = [jwks_urls] if isinstance(jwks_urls, str) else list(jwks_urls)
        self._issuer = issuer
        self._audience = audience
        self._timeout = timeout
        self._refetch_min = refetch_min_seconds
        self._retry_after = retry_after
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")
        self._unreachable = False
        self._lock = threading.Lock()

    def verify(self, token: str) -> dict:
        """The token's claims, or a 401 saying what is wrong (503 if the keys cannot be read)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise unauthorized(f"invalid token: {exc}") from exc
        if header.get("alg") not in ALGORITHMS:
            raise unauthorized(f"invalid token: algorithm {header.get('alg')!r} is not accepted")
        key = self._key(header.get("kid"))
        try:
            return jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise unauthorized("token expired") from exc
        except jwt.PyJWTError as exc:
            raise unauthorized(f"invalid token: {exc}") from exc

    def _key(self, kid: str | None):
        if not kid:
            raise unauthorized("invalid token: no key id (kid)")
        key = self._keys.get(kid)
        if key is not None:
            return key
        with self._lock:  # one refetch at a time; the others wait and reuse its result
            if kid not in self._keys and time.monotonic() - self._fetched_at >= self._refetch_min:
                self._refresh()
        key = self._keys.get(kid)
        if key is None and self._unreachable:
            raise unavailable("token keys unavailable: identity unreachable", self._retry_after)
        if key is None:
            raise unauthorized("invalid token: unknown signing key")
        return key

    def _refresh(self) -> None:
        self._fetched_at = time.monotonic()
        self._on_fetch()
        try:
            keys = self._fetch_keys()
        except (requests.RequestException, ValueError, jwt.PyJWTError) as exc:
            log.warning("JWKS unavailable: %s", exc)
            # Known keys keep working; unknown kids get 503 (not 401) until identity answers.
            self._unreachable = True
            raise unavailable(
                "token keys unavailable: identity unreachable", self._retry_after
            ) from exc
        self._unreachable = False
        # Keys removed from the JWKS are dropped: rotation revokes them here too.
        self._keys = keys
        log.info("JWKS loaded (%d keys)", len(keys))

    def _fetch_keys(self) -> dict:
        for index, url in enumerate(self._jwks_urls):
            try:
                response = self._session.get(url, timeout=self._timeout)
                response.raise_for_status()
            except requests.RequestException:
                if index + 1 == len(self._jwks_urls):
                    raise
                continue
            keys = {}
            for jwk in response.json().get("keys", []):
                if jwk.get("kid") and jwk.get("kty") == "OKP":
                    keys[jwk["kid"]] = jwt.PyJWK(jwk, algorithm="EdDSA").key
            return keys
        raise ValueError("no identity instance configured")

    def prefetch(self) -> None:
        """Warm the cache at start so the first caller does not pay for it; failure is fine."""
        try:
            with self._lock:
                self._refresh()
        except GatewayError:
            pass


def bearer(authorization: str | None) -> str:
    """The token from `Authorization: Bearer <token>`, or a 401 saying what is wrong."""
    if not authorization:
        raise unauthorized("missing token: send Authorization: Bearer <access token>")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("invalid token: the Authorization header must be 'Bearer <token>'")
    return token.strip()
