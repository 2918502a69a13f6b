"""A route's in-flight slots (max_in_flight), handed out in the order requests asked for them.

threading.Semaphore lets a request that arrives just as a slot is freed take it before the
ones already waiting wake up, so under load some waiters lose again and again: their wait
makes the route's p99, and a few reach the 50 ms limit and get 503 `busy` while newer requests
pass. Here a freed slot goes straight to the longest waiter.
"""

from __future__ import annotations

import collections
import threading


class FairSlots:
    def __init__(self, size: int):
        self._size = size
        self._free = size
        self._lock = threading.Lock()
        # One locked lock per waiting request, oldest first; release() unlocks it to hand over.
        self._waiting: collections.deque[threading.Lock] = collections.deque()

    def acquire(self, timeout: float) -> bool:
        """Take a slot, waiting up to `timeout` seconds behind those already waiting."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True
        with self._lock:
            if turn in self._waiting:
                self._waiting.remove(turn)
                return False
        return True  # handed over between the timeout and the lock: the slot is ours

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().release()
            elif self._free < self._size:
                self._free += 1
            else:
                raise ValueError("released more slots than were taken")
