"""A bounded TTL cache whose entries carry tags, so an event can drop exactly what it affects."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable


class TaggedCache:
    """key -> value with an expiry; oldest-inserted entries go first when full.

    `trusted` is switched off while the event consumer is disconnected: events may be missed,
    so entries are then believed only for `degraded_ttl` seconds after they were stored.
    Reads take no lock (a dict read is atomic in CPython); writes and drops do.
    """

    def __init__(
        self,
        name: str,
        ttl: float,
        max_entries: int,
        degraded_ttl: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        on_lookup: Callable[[str, bool], None] | None = None,
    ):
        self.name = name
        self.ttl = ttl
        self._max = max_entries
        self._degraded_ttl = min(degraded_ttl, ttl)
        self._clock = clock
        self._on_lookup = on_lookup or (lambda name, hit: None)
        # key -> (stored_at, expires_at, value, tags)
        self._entries: dict[Hashable, tuple[float, float, object, tuple]] = {}
        self._tags: dict[Hashable, set] = {}
        self._lock = threading.Lock()
        self.trusted = True
        # Bumped by every drop: a value fetched before a drop must not be stored after it
        # (the event may describe exactly the change the fetch missed).
        self.epoch = 0

    @property
    def enabled(self) -> bool:
        return self.ttl > 0 and self._max > 0

    def get(self, key: Hashable):
        entry = self._entries.get(key)
        if entry is not None:
            now = self._clock()
            fresh = entry[1] > now and (self.trusted or entry[0] + self._degraded_ttl > now)
            if fresh:
                self._on_lookup(self.name, True)
                return entry[2]
        self._on_lookup(self.name, False)
        return None

    def put(
        self,
        key: Hashable,
        value,
        tags: Iterable[Hashable] = (),
        ttl: float | None = None,
        epoch: int | None = None,
    ):
        """Store, unless a drop happened since `epoch` (read before fetching the value)."""
        if not self.enabled:
            return
        now = self._clock()
        tags = tuple(t for t in tags if t is not None)
        ttl = self.ttl if ttl is None else min(ttl, self.ttl)
        with self._lock:
            if epoch is not None and epoch != self.epoch:
                return
            self._remove(key)
            while len(self._entries) >= self._max:
                self._remove(next(iter(self._entries)))  # oldest inserted
            self._entries[key] = (now, now + ttl, value, tags)
            for tag in tags:
                self._tags.setdefault(tag, set()).add(key)

    def drop_tag(self, tag: Hashable) -> int:
        with self._lock:
            self.epoch += 1
            keys = self._tags.pop(tag, set())
            for key in keys:
                self._remove(key)
            return len(keys)

    def clear(self) -> None:
        with self._lock:
            self.epoch += 1
            self._entries.clear()
            self._tags.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _remove(self, key: Hashable) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        for tag in entry[3]:
            keys = self._tags.get(tag)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._tags[tag]
