"""Prometheus metrics of every service's processes (names: docs/operations.md → Metrics).

A web process serves them at `/metrics` on its own port: a plain Flask route, not in the
OpenAPI document, so the gateway never forwards it (it answers 404 for any path a service does
not describe). A worker, sender or import-worker serves them on `FOYER_METRICS_PORT` when that
is set (Kubernetes sets it; `make up` runs many processes on one machine and leaves it off).
Each process has its own figures (web runs one gunicorn process per pod): Prometheus sums pods.
Label values are names of endpoints, queues and loops, never paths, ids or personal data.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

log = logging.getLogger(__name__)

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

HTTP_REQUESTS = Counter(
    "foyer_http_requests_total",
    "Requests a service answered, by endpoint (its route template) and status",
    ["service", "endpoint", "method", "status"],
)
HTTP_SECONDS = Histogram(
    "foyer_http_request_seconds",
    "Time a service spent on a request",
    ["service", "endpoint"],
    buckets=_BUCKETS,
)
CONSUMER_HANDLED = Counter(
    "foyer_consumer_handled_total",
    "Messages a consumer took off its queue, by outcome "
    "(handled, duplicate, ignored, retried, parked)",
    ["queue", "outcome"],
)
CONSUMER_SECONDS = Histogram(
    "foyer_consumer_handle_seconds",
    "Time to apply one message (handler and inbox record in one transaction)",
    ["queue"],
    buckets=_BUCKETS,
)
OUTBOX_PUBLISHED = Counter(
    "foyer_outbox_published_total",
    "Outbox rows the relay published with the broker's confirm",
    ["service"],
)
LOOP_RESTARTS = Counter(
    "foyer_worker_loop_restarts_total",
    "Worker loops that crashed or returned and were started again",
    ["service", "loop"],
)
IMPORT_ROWS = Counter(
    "foyer_import_rows_total",
    "Import rows through a stage: sent (imports' sender, in batches to the registry), "
    "checked (the registry, dry run) or applied (the registry, written)",
    ["stage"],
)


def count_after_commit(session, counter, amount: float) -> None:
    """Add `amount` to `counter` once `session` commits: a batch rolled back and retried
    counts once."""
    from sqlalchemy import event

    event.listen(session, "after_commit", lambda _session: counter.inc(amount), once=True)


class OutboxBacklog:
    """foyer_outbox_unpublished and foyer_outbox_oldest_seconds, read from the outbox at each
    scrape (the pending index answers both). A failed read reports nothing rather than zero:
    an absent series alerts (docs/operations.md), a false zero would hide a stuck relay."""

    def __init__(self, service: str, database, outbox_table):
        self._service = service
        self._db = database
        self._outbox = outbox_table

    def collect(self):
        table = self._outbox
        query = select(func.count(), func.min(table.c.created_at)).where(
            table.c.published_at.is_(None)
        )
        try:
            with self._db.read_only() as session:
                count, oldest = session.execute(query).one()
        except Exception:  # noqa: BLE001 - a database outage must not break the scrape
            log.warning("outbox backlog not readable for metrics", exc_info=True)
            return
        unpublished = GaugeMetricFamily(
            "foyer_outbox_unpublished", "Outbox rows not yet published", labels=["service"]
        )
        unpublished.add_metric([self._service], count)
        age = GaugeMetricFamily(
            "foyer_outbox_oldest_seconds",
            "Age of the oldest unpublished outbox row (0 when none)",
            labels=["service"],
        )
        age.add_metric([self._service], _age_seconds(oldest))
        yield unpublished
        yield age


def _age_seconds(oldest) -> float:
    if oldest is None:
        return 0.0
    return max(0.0, time.time() - oldest.timestamp())


class _Backlogs:
    """The one registered collector of every service's backlog watched in this process: a
    process runs one service's relay, but a test run can hold several (crm's and identity's),
    and a second collector of the same metric names is refused by the registry."""

    def __init__(self):
        self.watched: dict[str, OutboxBacklog] = {}

    def describe(self):
        # Names without a database read (the registry describes a collector when registering).
        return list(_families().values())

    def collect(self):
        merged = _families()
        for backlog in list(self.watched.values()):
            for family in backlog.collect():
                merged[family.name].samples.extend(family.samples)
        yield from (family for family in merged.values() if family.samples)


_BACKLOG = (
    ("foyer_outbox_unpublished", "Outbox rows not yet published"),
    ("foyer_outbox_oldest_seconds", "Age of the oldest unpublished outbox row (0 when none)"),
)
_backlogs = _Backlogs()


def _families() -> dict[str, GaugeMetricFamily]:
    return {name: GaugeMetricFamily(name, text, labels=["service"]) for name, text in _BACKLOG}


_backlog_lock = threading.Lock()


def watch_outbox(service: str, database, outbox_table) -> None:
    """Report `service`'s outbox backlog from this process (once per process and service)."""
    with _backlog_lock:
        if service in _backlogs.watched:
            return
        if not _backlogs.watched:
            REGISTRY.register(_backlogs)
        _backlogs.watched[service] = OutboxBacklog(service, database, outbox_table)


def install_http_metrics(app, service: str) -> None:
    """Count and time every request of `app` by its route template, and serve `/metrics`."""
    from flask import g, request

    @app.before_request
    def _start_timer():
        g.foyer_metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = g.pop("foyer_metrics_started", None)
        if started is not None and request.endpoint != "foyer_metrics":
            endpoint = request.url_rule.rule if request.url_rule else "unmatched"
            HTTP_REQUESTS.labels(service, endpoint, request.method, str(response.status_code)).inc()
            HTTP_SECONDS.labels(service, endpoint).observe(time.perf_counter() - started)
        return response

    def serve_metrics():
        return generate_latest(REGISTRY), 200, {"Content-Type": CONTENT_TYPE_LATEST}

    app.add_url_rule("/metrics", "foyer_metrics", serve_metrics, methods=["GET"])


def serve_process_metrics(port: int, host: str = "0.0.0.0") -> Callable[[], None] | None:
    """A worker's /metrics on `port` (0: none). Returns a function that stops it."""
    if not port:
        return None
    server, thread = start_http_server(port, addr=host)
    log.info("metrics on port %d", port)

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=5)

    return stop
