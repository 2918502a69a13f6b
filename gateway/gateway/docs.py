"""Upstream OpenAPI documents: read at start, read again lazily for a service that was down."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests

log = logging.getLogger(__name__)


class UpstreamDocs:
    """Each upstream's `/openapi.json`; `on_loaded(service, doc)` compiles what requests need."""

    def __init__(
        self,
        session: requests.Session,
        upstream_urls: dict[str, str],
        on_loaded: Callable[[str, dict], None],
        *,
        timeout: float,
        retry_seconds: float,
    ):
        self._session = session
        self._urls = upstream_urls
        self._on_loaded = on_loaded
        self._timeout = timeout
        self._retry_seconds = retry_seconds
        self._docs: dict[str, dict] = {}
        self._last_attempt: dict[str, float] = {}
        self._lock = threading.Lock()
        self.version = 0  # bumped on every load, so derived views (merged doc) know to rebuild

    def load_all(self) -> None:
        """Fetch every document in parallel: start-up waits for the slowest, not the sum."""
        with ThreadPoolExecutor(max_workers=max(1, len(self._urls))) as pool:
            list(pool.map(self._fetch, self._urls))

    def ensure(self, service: str) -> bool:
        """True when the service's document is known; tries again at most every few seconds."""
        if service in self._docs:
            return True
        with self._lock:
            last = self._last_attempt.get(service, 0.0)
            if time.monotonic() - last < self._retry_seconds:
                return False
            self._last_attempt[service] = time.monotonic()
        return self._fetch(service)

    def ensure_all(self) -> dict[str, dict]:
        for service in self._urls:
            self.ensure(service)
        return dict(self._docs)

    def _fetch(self, service: str) -> bool:
        self._last_attempt[service] = time.monotonic()
        url = f"{self._urls[service]}/openapi.json"
        try:
            # A short connect timeout: a host that is gone costs the caller a second, not three.
            timeout = (min(1.0, self._timeout), self._timeout)
            response = self._session.get(url, timeout=timeout)
            response.raise_for_status()
            doc = response.json()
        except (requests.RequestException, ValueError) as exc:
            log.warning("OpenAPI document of %s unavailable: %s", service, exc)
            return False
        self._on_loaded(service, doc)
        with self._lock:
            self._docs[service] = doc
            self.version += 1
        log.info("OpenAPI document of %s loaded (%d paths)", service, len(doc.get("paths", {})))
        return True
