"""Waiting for an eventual effect with a deadline: the one way a test waits (never a bare sleep)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T], timeout: float = 15.0, interval: float = 0.05, message: str = ""
) -> T:
    """Call `predicate` until it returns something truthy and return that. Past `timeout`
    seconds raise AssertionError (a test failure) naming `message` and the last result."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"{message or 'not'} within {timeout}s; last result: {result!r}")
        time.sleep(interval)
