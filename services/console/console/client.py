"""Calls to the API through the gateway: one HTTP session, errors in the API's one shape."""

from __future__ import annotations

import logging
import threading
import time

import requests
from flask import has_request_context
from flask_babel import get_locale
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal or failure from the API: its status, message and per-field errors."""

    def __init__(self, status: int, message: str, errors: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors or {}

    @classmethod
    def from_response(cls, response: requests.Response) -> ApiError:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        message = body.get("message") or response.reason or f"HTTP {response.status_code}"
        return cls(response.status_code, str(message), body.get("errors") or {})

    def field_errors(self) -> dict[str, str]:
        """{field: first message} from flask-smorest's nested `errors` (json/form/query); a
        list's item errors (keyed by index: `{"rights": {"0": [...]}}`) count for the list."""
        found: dict[str, str] = {}

        def walk(value, name=None):
            if isinstance(value, dict):
                for key, inner in value.items():
                    kept = key in ("json", "form", "query", "files") or (name and key.isdigit())
                    walk(inner, name if kept else key)
            elif isinstance(value, list) and value and name:
                first = value[0]
                found.setdefault(name, first if isinstance(first, str) else str(first))
            elif isinstance(value, str) and name:
                found.setdefault(name, value)

        walk(self.errors)
        return found


# gunicorn closes a keep-alive connection idle for 5 s (foyer_shared.gunicorn_conf.keepalive), and
# a request sent on it just then fails ("gateway unreachable" at a login 5.5 s after the last
# call). Connections idle longer than this are not reused.
MAX_IDLE_SECONDS = 3.0
# Connections kept open to the gateway. A page reads its sections a few at a time
# (console/parallel.py) in each of the process's threads; requests keeps 10 by default and
# closes every connection beyond, so a busy desk would open a new one for most calls.
POOL_SIZE = 64


class OnceMoreOnADroppedConnection(Retry):
    """A pooled connection the gateway closes just as a call reuses it fails at once
    ("Connection aborted"). One idle in the pool while others were busy escapes the quiet-spell
    check above: a page's parallel reads hold several. A read (GET, HEAD, OPTIONS) is then sent
    once more on a new connection, and a call that could not connect at all is tried again; a
    write is not resent (it may have been done), nor is a read that timed out (the service is
    slow, not gone: the desk must not wait twice), nor an answer such as 503 with Retry-After
    (the page shows it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("total", 1)
        kwargs.setdefault("allowed_methods", frozenset({"GET", "HEAD", "OPTIONS"}))
        kwargs.setdefault("respect_retry_after_header", False)
        super().__init__(**kwargs)

    def increment(self, method=None, url=None, response=None, error=None, **kwargs):
        if isinstance(error, ReadTimeoutError):
            raise error
        return super().increment(method, url, response, error, **kwargs)


class Gateway:
    """The gateway's base URL and a pooled HTTP session; knows nothing of users."""

    def __init__(
        self,
        base_url: str,
        timeout: float,
        upload_timeout: float,
        max_idle_seconds: float = MAX_IDLE_SECONDS,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout, self.upload_timeout = timeout, upload_timeout
        self._session = requests.Session()
        self._session.trust_env = False  # a stray HTTP_PROXY must not reroute the API calls
        for scheme in ("http://", "https://"):
            self._session.mount(
                scheme,
                HTTPAdapter(pool_maxsize=POOL_SIZE, max_retries=OnceMoreOnADroppedConnection()),
            )
        self._max_idle, self._last_used, self._lock = max_idle_seconds, 0.0, threading.Lock()

    def _drop_idle_connections(self) -> None:
        """After a quiet spell, close the pooled connections (the next call opens a new one)
        before gunicorn's keep-alive limit can close one under a request."""
        now = time.monotonic()
        with self._lock:
            if now - self._last_used > self._max_idle:
                self._session.close()  # idle connections only; calls in flight keep theirs
            self._last_used = now

    def request(
        self,
        method: str,
        path: str,
        token: str | None = None,
        request_id: str | None = None,
        **kwargs,
    ) -> requests.Response:
        """The raw response for any status; ApiError(503) when the gateway cannot be reached."""
        headers = dict(kwargs.pop("headers", None) or {})
        # The page's language, so what an API says to people reads in it (its refusals,
        # imports' error file), the log-in and password pages' calls included.
        if has_request_context():
            headers.setdefault("Accept-Language", str(get_locale()))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if request_id:
            headers["X-Request-ID"] = request_id
        timeout = self.upload_timeout if "files" in kwargs else self.timeout
        self._drop_idle_connections()
        try:
            return self._session.request(
                method, self.base_url + path, headers=headers, timeout=timeout, **kwargs
            )
        except requests.RequestException as exc:
            log.warning("gateway unreachable: %s", exc.__class__.__name__)
            raise ApiError(503, "the service is not reachable just now; try again") from exc
