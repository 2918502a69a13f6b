"""A service's worker: its loops (relay, consumers, schedules), run in threads until SIGTERM."""

from __future__ import annotations

import dataclasses
import logging
import signal
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence

from foyer_shared.db import Database
from foyer_shared.gc_tuning import tune_garbage_collection
from foyer_shared.messaging.consumer import Consumer, Handler
from foyer_shared.messaging.relay import OutboxRelay
from foyer_shared.messaging.tables import MessagingTables
from foyer_shared.metrics import LOOP_RESTARTS

log = logging.getLogger(__name__)

Loop = Callable[[threading.Event], None]
RESTART_DELAY_SECONDS = 2.0


@dataclasses.dataclass(frozen=True)
class Subscription:
    """One queue of a service's worker, declared once: bound on `exchange` to exactly the
    routing keys `handlers` knows. Called with (settings, database), it makes the Consumer."""

    tables: MessagingTables
    queue: str
    exchange: str
    handlers: Mapping[str, Handler]
    prefetch: int | None = None

    def __call__(self, settings, database: Database) -> Consumer:
        return Consumer.for_handlers(
            database, self.tables, settings, self.queue, self.exchange, self.handlers, self.prefetch
        )


def service_loops(
    settings,
    database: Database,
    tables: MessagingTables,
    subscriptions: Iterable[Subscription],
    schedules: Iterable[Loop] = (),
) -> list[Loop]:
    """What a service's worker runs: its outbox relay, a consumer per subscription, then its
    schedules (loops of its own)."""
    relay = OutboxRelay.for_settings(database, tables, settings)
    consumers = [subscription(settings, database) for subscription in subscriptions]
    return [relay.run, *(consumer.run for consumer in consumers), *schedules]


def schedule(
    job: Callable[[], object], seconds: float, name: str, *, again_while_busy: bool = False
) -> Loop:
    """A schedule for service_loops: `job()` every `seconds`. A failure (the database away) is
    logged and tried again next round; with `again_while_busy`, a job that found work (a true
    answer) runs again at once instead of waiting."""

    def loop(stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                busy = job()
            except Exception:  # noqa: BLE001 - database away: try again next round
                log.warning("%s failed; trying again", name, exc_info=True)
                busy = None
            if not (again_while_busy and busy):
                stop.wait(seconds)

    loop.__name__ = f"schedule_{name}"
    return loop


def _supervise(loop: Loop, stop: threading.Event, process: str = "worker") -> None:
    # A loop that crashes or returns early is restarted: one bug must not stop the worker.
    name = getattr(loop, "__qualname__", repr(loop))
    while not stop.is_set():
        try:
            loop(stop)
        except Exception:  # noqa: BLE001
            log.exception("worker loop %s crashed; restarting", name)
        if not stop.is_set():
            LOOP_RESTARTS.labels(process, name).inc()
        stop.wait(RESTART_DELAY_SECONDS)


def run_worker(
    loops: Sequence[Loop], name: str = "worker", stop: threading.Event | None = None
) -> None:
    """Run each loop in its own thread until SIGTERM/SIGINT (or `stop`, for tests) and join."""
    stop = stop or threading.Event()
    previous = {}
    if threading.current_thread() is threading.main_thread():
        tune_garbage_collection()
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous[sig] = signal.signal(sig, lambda *_: stop.set())
    threads = [
        threading.Thread(
            target=_supervise, args=(loop, stop, name), name=f"{name}-{i}", daemon=True
        )
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
