"""The registers this installation may ask (settings), each answer kept briefly in a cache."""

from __future__ import annotations

import threading

from cachetools import TTLCache

from registry.domain.lookups import ARES, SPAR, Register, RegisterAnswer, RegisterNotConfigured


class Registers:
    """The configured registers by name; `look_up` answers from the cache when it can."""

    def __init__(
        self, registers: dict[str, Register], cache_seconds: float, cache_size: int = 1024
    ):
        self._registers = registers
        self._cache = TTLCache(cache_size, cache_seconds) if cache_seconds > 0 else None
        self._lock = threading.Lock()  # TTLCache is not thread-safe; gunicorn runs threads

    @classmethod
    def from_settings(cls, settings) -> Registers:
        from registry.lookups.ares import AresRegister
        from registry.lookups.spar import SparRegister

        registers: dict[str, Register] = {}
        if settings.spar_url:
            registers[SPAR] = SparRegister(settings.spar_url, settings.spar_timeout_seconds)
        if settings.ares_url:
            registers[ARES] = AresRegister(settings.ares_url, settings.ares_timeout_seconds)
        return cls(registers, settings.lookup_cache_seconds)

    def ensure_configured(self, name: str) -> None:
        if name not in self._registers:
            raise RegisterNotConfigured(name)

    def look_up(self, name: str, identifier: str) -> tuple[RegisterAnswer, bool]:
        """(the answer, whether it came from the cache). Only answers found are cached: a
        person just registered in SPAR, or a register that was down, is asked again."""
        self.ensure_configured(name)
        key = (name, identifier)
        if self._cache is not None:
            with self._lock:
                cached = self._cache.get(key)
            if cached is not None:
                return cached, True
        answer = self._registers[name].look_up(identifier)
        if self._cache is not None:
            with self._lock:
                self._cache[key] = answer
        return answer, False
