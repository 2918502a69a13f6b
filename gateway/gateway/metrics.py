"""Prometheus metrics, safe under gunicorn's several worker processes.

With PROMETHEUS_MULTIPROC_DIR set (gateway/gunicorn_conf.py does it before workers start),
every process writes its figures to files there and /metrics sums them; without it (tests,
a single process) the default in-process registry serves.
"""

from __future__ import annotations

import os
import threading

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import values as _values

# prometheus_client's multiprocess values ask os.getpid() (a system call) under one global lock
# on every change, to notice a fork; the gateway makes five changes per request. The pid is
# read once per process instead, and again in a forked child (register_at_fork).
_pid = [os.getpid()]
os.register_at_fork(after_in_child=lambda: _pid.__setitem__(0, os.getpid()))
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _values.ValueClass = _values.MultiProcessValue(process_identifier=lambda: _pid[0])

_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    """The gateway's figures; label values are route and upstream names, never paths or ids."""

    def __init__(self):
        self.requests = Counter(
            "foyer_gateway_requests_total",
            "Requests by route, upstream instance and status",
            ["route", "upstream", "status"],
        )
        # One histogram per route and instance (the access log has the upstream's own time):
        # every observation is a locked write to a shared file under gunicorn.
        self.latency = Histogram(
            "foyer_gateway_request_seconds",
            "Time in the gateway until the response started",
            ["route", "upstream"],
            buckets=_BUCKETS,
        )
        self.errors = Counter(
            "foyer_gateway_errors_total",
            "Refusals and failures by route, upstream and status",
            ["route", "upstream", "status"],
        )
        self.cache = Counter(
            "foyer_gateway_cache_lookups_total",
            "Cache lookups (hit ratio = hit / all)",
            ["cache", "result"],
        )
        self.healthy = Gauge(
            "foyer_gateway_upstream_healthy",
            "1 while an upstream instance is not marked down",
            ["route", "upstream"],
            multiprocess_mode="livemin",
        )
        self.internal_calls = Counter(
            "foyer_gateway_internal_calls_total",
            "The gateway's own calls to services",
            ["service", "call"],
        )
        self.events = Counter(
            "foyer_gateway_events_total",
            "Invalidation events received",
            ["type"],
        )
        # Requests holding one of a route's slots (max_in_flight), streamed bodies included.
        self.in_flight = Gauge(
            "foyer_gateway_in_flight",
            "Requests upstream or streaming back, per route",
            ["route"],
            multiprocess_mode="livesum",
        )
        self._cache_children = {}
        self._request_children = {}
        self._in_flight_children = {}

    def cache_lookup(self, cache: str, hit: bool) -> None:
        child = self._cache_children.get((cache, hit))
        if child is None:
            child = self.cache.labels(cache, "hit" if hit else "miss")
            self._cache_children[(cache, hit)] = child
        child.inc()

    def request(self, route: str, upstream: str, status: int, seconds: float) -> None:
        key = (route, upstream, status)
        children = self._request_children.get(key)
        if children is None:  # labels() resolved once per combination, not per request
            children = (
                self.requests.labels(route, upstream, str(status)),
                self.latency.labels(route, upstream),
                self.errors.labels(route, upstream, str(status)) if status >= 400 else None,
            )
            self._request_children[key] = children
        children[0].inc()
        children[1].observe(seconds)
        if children[2] is not None:
            children[2].inc()

    def in_flight_change(self, route: str, change: int) -> None:
        child = self._in_flight_children.get(route)
        if child is None:  # labels() resolved once per route, not twice per request
            child = self._in_flight_children[route] = self.in_flight.labels(route)
        child.inc(change)

    def upstream_health(self, route, server: str, healthy: bool) -> None:
        self.healthy.labels(route.name, server).set(1 if healthy else 0)

    def internal_call(self, service: str, call: str) -> None:
        self.internal_calls.labels(service, call).inc()

    def event(self, kind: str) -> None:
        self.events.labels(kind).inc()


_instance: Metrics | None = None
_lock = threading.Lock()


def metrics() -> Metrics:
    """One set per process: several apps in one process (tests) share it."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = Metrics()
        return _instance


def render() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
