"""Readiness checks with a short memory, so a flood of /ready calls cannot flood the database
or open a broker connection per request (the endpoint is public)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

ReadyCheck = Callable[[], None]


class ReadinessProbe:
    def __init__(self, checks: Mapping[str, ReadyCheck], ttl_seconds: float = 2.0):
        self._checks = dict(checks)
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._result: tuple[bool, dict[str, str]] | None = None
        self._checked_at = float("-inf")

    def check(self) -> tuple[bool, dict[str, str]]:
        with self._lock:  # one caller checks; the others wait and share its answer
            if self._result is None or time.monotonic() - self._checked_at >= self._ttl:
                self._result = self._run()
                self._checked_at = time.monotonic()
            return self._result

    def _run(self) -> tuple[bool, dict[str, str]]:
        results, healthy = {}, True
        for name, check in self._checks.items():
            try:
                check()
                results[name] = "ok"
            except Exception as exc:  # noqa: BLE001 - any failure means not ready
                results[name] = f"unavailable: {exc.__class__.__name__}"
                healthy = False
        return healthy, results
