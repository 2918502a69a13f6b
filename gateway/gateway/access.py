"""Effective permissions per user from identity, cached for a short TTL (fail closed)."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable

import requests

from foyer_shared.access import CONTEXT_HEADER, ContextSigner
from gateway.errors import unavailable

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class UserAccess:
    permissions: frozenset[str]
    status: str

    @property
    def active(self) -> bool:
        return self.status == "active"


class IdentityAccessClient:
    """`GET {identity}/internal/users/{id}/access`, with a context the gateway signs for itself."""

    def __init__(
        self,
        session: requests.Session,
        identity_url: str,
        signer: ContextSigner,
        timeout: float,
        retry_after: int = 5,
    ):
        self._session = session
        self._base = identity_url
        self._signer = signer
        self._timeout = timeout
        self._retry_after = retry_after

    def __call__(self, user_id: str, request_id: str) -> UserAccess | None:
        """None when identity does not know the user."""
        path = f"/internal/users/{urllib.parse.quote(user_id, safe='')}/access"
        # The service compares against its decoded request.path, so sign the decoded form.
        context = self._signer.sign(
            audience="identity",
            method="GET",
            path=urllib.parse.unquote(path),
            request_id=request_id,
            caller_service="gateway",
        )
        headers = {CONTEXT_HEADER: context, "X-Request-ID": request_id}
        try:
            response = self._session.get(self._base + path, headers=headers, timeout=self._timeout)
        except requests.RequestException as exc:
            log.warning("identity unreachable for permissions: %s", exc)
            raise unavailable(
                "permissions unavailable: identity unreachable", self._retry_after
            ) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            log.warning("identity answered %s for permissions", response.status_code)
            raise unavailable("permissions unavailable: identity refused", self._retry_after)
        body = response.json()
        return UserAccess(frozenset(body.get("permissions") or ()), body.get("status", ""))


class PermissionCache:
    """user id -> UserAccess for `ttl` seconds; `drop`/`clear` for role-change events later."""

    def __init__(
        self,
        fetch: Callable[[str, str], UserAccess | None],
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._clock = clock
        self._entries: dict[str, tuple[float, UserAccess]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: str, request_id: str) -> UserAccess | None:
        entry = self._entries.get(user_id)
        if entry is not None and entry[0] > self._clock():
            return entry[1]
        # Fetched outside the lock: a slow identity must not serialise every other user.
        access = self._fetch(user_id, request_id)
        if access is not None:  # unknown users are not cached: they may be created any moment
            with self._lock:
                self._entries[user_id] = (self._clock() + self._ttl, access)
        return access

    def drop(self, user_id: str) -> None:
        with self._lock:
            self._entries.pop(user_id, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
