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
    """foyer_outbox_unpublished and foyer_outbox_oldest_seconds, read from the outboxes at each
    scrape (the pending index answers both). A failed read reports nothing for that service
    rather than zero: an absent series alerts (docs/operations.md), a false zero would hide a
    stuck relay. One collector per process; a service watched again replaces its source."""

    def __init__(self):
        self._sources: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def watch(self, service: str, database, outbox_table) -> None:
        with self._lock:
            self._sources[service] = (database, outbox_table)

    def collect(self):
        unpublished = GaugeMetricFamily(
            "foyer_outbox_unpublished", "Outbox rows not yet published", labels=["service"]
        )
        age = GaugeMetricFamily(
            "foyer_outbox_oldest_seconds",
            "Age of the oldest unpublished outbox row (0 when none)",
            labels=["service"],
        )
        with self._lock:
            sources = dict(self._sources)
        for service, (database, table) in sorted(sources.items()):
            found = _backlog(database, table)
            if found is None:
                continue
            count, oldest = found
            unpublished.add_metric([service], count)
            age.add_metric([service], _age_seconds(oldest))
        yield unpublished
        yield age

    def describe(self):
        return []  # collected only when scraped: never read the database at registration


def _backlog(database, table):
    query = select(func.count(), func.min(table.c.created_at)).where(table.c.published_at.is_(None))
    try:
        with database.read_only() as session:
            return session.execute(query).one()
    except Exception:  # noqa: BLE001 - a database outage must not break the scrape
        log.warning("outbox backlog not readable for metrics", exc_info=True)
        return None


def _age_seconds(oldest) -> float:
    if oldest is None:
        return 0.0
    return max(0.0, time.time() - oldest.timestamp())


OUTBOX_BACKLOG = OutboxBacklog()
REGISTRY.register(OUTBOX_BACKLOG)


def watch_outbox(service: str, database, outbox_table) -> None:
    """Report `service`'s outbox backlog from this process."""
    OUTBOX_BACKLOG.watch(service, database, outbox_table)


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
