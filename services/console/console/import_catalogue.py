"""The import wizard's choices, as imports serves them (GET /api/imports/fields): the fields each
kind of import can fill, the modes, match keys and yes/no options. Read through the gateway with
the user's token and kept a few minutes per app, so the console keeps no copy of its own."""

from __future__ import annotations

import threading
import time

from flask import current_app

from console import api

PATH = "/api/imports/fields"
KEPT_SECONDS = 300.0


class Kept:
    """One value kept for `seconds` after it was loaded (a tiny TTL cache)."""

    def __init__(self, seconds: float = KEPT_SECONDS):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._value = None
        self._loaded_at = 0.0

    def get(self, load):
        with self._lock:
            if self._value is not None and time.monotonic() - self._loaded_at < self.seconds:
                return self._value
        value = load()
        with self._lock:
            self._value, self._loaded_at = value, time.monotonic()
        return value


def catalogue() -> dict:
    """imports' catalogue: kinds, required, modes, match_on, options, yes_no_options."""
    return current_app.extensions["console"].import_fields.get(lambda: api.json("GET", PATH))
