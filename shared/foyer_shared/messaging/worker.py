"""Run a worker's loops (relay, consumers, schedules) in threads until SIGTERM or SIGINT."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)

Loop = Callable[[threading.Event], None]
RESTART_DELAY_SECONDS = 2.0


def _supervise(loop: Loop, stop: threading.Event) -> None:
    # A loop that crashes or returns early is restarted: one bug must not stop the worker.
    while not stop.is_set():
        try:
            loop(stop)
        except Exception:  # noqa: BLE001
            log.exception("worker loop %s crashed; restarting", getattr(loop, "__qualname__", loop))
        stop.wait(RESTART_DELAY_SECONDS)


def run_worker(
    loops: Sequence[Loop], name: str = "worker", stop: threading.Event | None = None
) -> None:
    """Run each loop in its own thread until SIGTERM/SIGINT (or `stop`, for tests) and join."""
    stop = stop or threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    threads = [
        threading.Thread(target=_supervise, args=(loop, stop), name=f"{name}-{i}", daemon=True)
        for i, loop in enumerate(loops)
    ]
    try:
        for thread in threads:
            thread.start()
        log.info("%s started with %d loops", name, len(threads))
        while not stop.is_set():
            stop.wait(1)
    finally:
        stop.set()  # also on KeyboardInterrupt raised before our handler was in place
        for thread in threads:
            thread.join(timeout=10)
        # Give the caller its own handlers back (matters when embedded, e.g. in tests).
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("%s stopped", name)
