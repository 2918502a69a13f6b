"""A route's in-flight slots go to the longest waiter, time out cleanly and never leak."""

from __future__ import annotations

import random
import threading
import time

import pytest

from foyer_testing import wait_until
from gateway.slots import FairSlots


def _queue_waiters(slots: FairSlots, names: list[str], granted: list[str]) -> list:
    """Start a waiter per name, each queued (inside acquire) before the next starts."""
    threads = []
    for name in names:
        thread = threading.Thread(
            target=lambda name=name: slots.acquire(timeout=10) and granted.append(name)
        )
        thread.start()
        queued = len(threads) + 1
        wait_until(lambda q=queued: len(slots._waiting) == q, timeout=5, interval=0.001)
        threads.append(thread)
    return threads


def test_a_freed_slot_goes_to_the_longest_waiter_not_a_newcomer():
    slots = FairSlots(1)
    assert slots.acquire(timeout=0)
    granted: list[str] = []
    (waiter,) = _queue_waiters(slots, ["waiting"], granted)
    slots.release()
    # The newcomer asks at once, before the waiter has even woken: it must not get the slot.
    assert not slots.acquire(timeout=0)
    waiter.join(5)
    assert granted == ["waiting"]


def test_waiters_are_served_in_the_order_they_came():
    slots = FairSlots(1)
    assert slots.acquire(timeout=0)
    granted: list[str] = []
    names = ["first", "second", "third", "fourth"]
    threads = _queue_waiters(slots, names, granted)
    for number in range(len(names)):
        slots.release()
        wait_until(lambda n=number: len(granted) == n + 1, timeout=5, interval=0.001)
    for thread in threads:
        thread.join(5)
    assert granted == names


def test_a_waiter_that_times_out_leaves_no_slot_taken():
    slots = FairSlots(2)
    assert slots.acquire(timeout=0) and slots.acquire(timeout=0)
    started = time.monotonic()
    assert not slots.acquire(timeout=0.05)
    assert time.monotonic() - started >= 0.04
    assert not slots._waiting
    slots.release()
    slots.release()
    assert slots.acquire(timeout=0) and slots.acquire(timeout=0)
    assert not slots.acquire(timeout=0)


def test_releasing_more_than_was_taken_is_refused():
    slots = FairSlots(1)
    with pytest.raises(ValueError):
        slots.release()


def test_slots_come_back_whole_after_many_threads_race_with_short_timeouts():
    size = 3
    slots = FairSlots(size)
    in_use = []
    most = [0]
    guard = threading.Lock()

    def work() -> None:
        rng = random.Random()
        for _ in range(300):
            if not slots.acquire(timeout=rng.choice((0, 0.0005, 0.002))):
                continue
            with guard:
                in_use.append(1)
                most[0] = max(most[0], len(in_use))
            time.sleep(rng.choice((0, 0.0002)))
            with guard:
                in_use.pop()
            slots.release()

    threads = [threading.Thread(target=work) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert most[0] == size  # never more than `size` at once, and all of them used
    assert [slots.acquire(timeout=0) for _ in range(size + 1)] == [True] * size + [False]
