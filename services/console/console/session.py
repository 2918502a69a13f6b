"""The signed-in user's tokens in the session cookie, refreshed once however many ask at once."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time

from flask import current_app, g, request, session

from console.client import ApiError

# Refresh this long before the access token runs out, so a call never carries a dying token.
EARLY_SECONDS = 30
# How long the answer to a refresh is handed to other requests carrying the same old token.
GRACE_SECONDS = 30


class RefreshCoordinator:
    """A refresh token works once, and reusing one ends the whole session (identity's rule).
    A page and its polling script can both find the access token expired at the same moment;
    the second must not spend the old refresh token again. So, within this process, the first
    refreshes and the others get the same new pair (docs/console.md → Sessions)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._recent: dict[str, tuple[float, dict]] = {}

    def refresh(self, gateway, refresh_token: str, request_id: str | None) -> dict:
        key = hashlib.sha256(refresh_token.encode()).hexdigest()
        with self._lock:
            now = time.monotonic()
            self._recent = {k: v for k, v in self._recent.items() if v[0] > now}
            if key in self._recent:
                return self._recent[key][1]
            response = gateway.request(
                "POST",
                "/api/identity/auth/refresh",
                request_id=request_id,
                json={"refresh_token": refresh_token},
            )
            if response.status_code != 200:
                raise ApiError.from_response(response)
            pair = response.json()
            self._recent[key] = (now + GRACE_SECONDS, pair)
            return pair


def claims(token: str) -> dict:
    """The access token's payload, unverified: only for display and its expiry (the gateway
    verifies the signature on every call)."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}


def store(pair: dict) -> None:
    session["access"] = pair["access_token"]
    session["refresh"] = pair["refresh_token"]
    session["expires"] = int(claims(pair["access_token"]).get("exp", 0))


def signed_in() -> bool:
    return bool(session.get("access") and session.get("refresh"))


def access_token(force_refresh: bool = False) -> str:
    """A live access token for this request, refreshed when it is (nearly) spent."""
    if not force_refresh and session.get("expires", 0) - time.time() > EARLY_SECONDS:
        return session["access"]
    console = current_app.extensions["console"]
    try:
        pair = console.refresher.refresh(console.gateway, session["refresh"], request_id())
    except ApiError:
        session.clear()
        raise
    store(pair)
    return pair["access_token"]


def request_id() -> str | None:
    if "request_id" not in g:
        g.request_id = request.headers.get("X-Request-ID")
    return g.request_id
