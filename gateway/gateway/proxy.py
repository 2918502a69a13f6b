"""Forwarding a request to an upstream instance over pooled keep-alive connections, streaming.

Shared by both paths: `request` is Flask's Request (views.py) or lean.py's LeanRequest, which
offer the same few attributes (method, headers, remote_addr, scheme, host, content_length,
stream, query_string)."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import urllib.parse

from foyer_shared.access import CONTEXT_HEADER
from gateway import http1
from gateway.balancer import Balancer
from gateway.errors import GatewayError, unavailable
from gateway.responses import HOP_BY_HOP, Answer, StreamedBody, connection_tokens, upstream_answer
from gateway.routes import Route

log = logging.getLogger(__name__)

CHUNK = http1.CHUNK
# Set by the gateway alone; whatever a client sends under these names is dropped.
_OWNED = frozenset(
    {
        "host",
        "content-length",
        "expect",  # the gateway's server already answered `100 Continue` to the client
        "x-request-id",
        CONTEXT_HEADER.lower(),
        "x-forwarded-for",
        "x-forwarded-proto",
        "x-forwarded-host",
        "x-forwarded-prefix",
    }
)
_DROP = HOP_BY_HOP | _OWNED
_DROP_WITH_AUTH = _DROP | {"authorization"}
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclasses.dataclass
class Forwarded:
    """What the access log and metrics want to know about the upstream exchange."""

    answer: Answer
    server: str
    seconds: float  # until the upstream's status line and headers arrived


def upstream_headers(request, route: Route, request_id: str, context: str) -> dict:
    # Services trust the signed context only; the bearer token stays at the edge (but identity).
    drop = _DROP if route.upstream == "identity" else _DROP_WITH_AUTH
    extra = connection_tokens(request.headers.get("Connection"))
    if extra:
        drop = drop | extra
    headers = {k: v for k, v in request.headers.items() if k.lower() not in drop}
    # Replaced, never appended: the client's own entries are not evidence of anything. The
    # address services act on travels in the signed context; this copy is informational.
    headers["X-Forwarded-For"] = request.remote_addr or ""
    headers["X-Forwarded-Proto"] = request.scheme
    headers["X-Forwarded-Host"] = request.host
    headers["X-Forwarded-Prefix"] = route.prefix
    headers["X-Request-ID"] = request_id
    headers[CONTEXT_HEADER] = context
    return headers


class _SizedBody:
    """The client's body as a stream with a known length; read in chunks, never held whole."""

    def __init__(self, stream):
        self._stream = stream

    def read(self, size: int = CHUNK) -> bytes:
        return self._stream.read(min(size, CHUNK) if size and size > 0 else CHUNK)


def _too_large(route: Route) -> GatewayError:
    limit = route.max_body_bytes
    return GatewayError(
        413,
        f"the request body is larger than this route's limit of {limit} bytes"
        f" ({limit / 1048576:.4g} MiB)",
        errors={"body": f"at most {limit} bytes"},
    )


def refuse_oversized(request, route: Route) -> None:
    """413 from the declared Content-Length alone, before any of the body is read."""
    length = request.content_length
    if length is not None and length > route.max_body_bytes:
        raise _too_large(route)


def _limited(stream, route: Route):
    """A body of unknown length in chunks, refused (413) as soon as it passes the limit."""
    received = 0
    while chunk := stream.read(CHUNK):
        received += len(chunk)
        if received > route.max_body_bytes:
            raise _too_large(route)
        yield chunk


def _request_body(request, route: Route, headers: list, buffered: bytes | None):
    """The body for http1.send, with Content-Length added to `headers` when it is known."""
    if buffered is not None:  # already read (small login bodies the rate limiter looked at)
        headers.append(("Content-Length", str(len(buffered))))
        return buffered
    refuse_oversized(request, route)
    length = request.content_length
    if length:
        headers.append(("Content-Length", str(length)))
        return _SizedBody(request.stream)
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        return _limited(request.stream, route)
    return None


def upstream_target(path: str, query: bytes) -> str:
    target = urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%")
    return f"{target}?{query.decode('latin-1')}" if query else target


class Proxy:
    """Sends the request to an instance (retrying another when allowed) and streams back."""

    def __init__(
        self, balancer: Balancer, routes: list[Route], retry_after: int = 5, on_in_flight=None
    ):
        self._balancer = balancer
        self._retry_after = retry_after
        self._slots = {
            r.name: threading.BoundedSemaphore(r.max_in_flight) for r in routes if r.max_in_flight
        }
        # on_in_flight(route name, +1 | -1): the in-flight gauge.
        self._on_in_flight = on_in_flight or (lambda route, change: None)

    def forward(
        self,
        request,
        route: Route,
        path: str,
        request_id: str,
        context: str,
        buffered: bytes | None = None,
    ) -> Forwarded:
        slots = self._slots.get(route.name)
        if slots is None:
            return self._forward(request, route, path, request_id, context, buffered)
        # A brief wait absorbs bursts of quick requests; a route whose requests hang is refused.
        if not slots.acquire(timeout=0.05):
            raise unavailable(
                f"{route.upstream} is busy: too many requests in flight", self._retry_after
            )
        self._on_in_flight(route.name, 1)

        def release() -> None:
            slots.release()
            self._on_in_flight(route.name, -1)

        try:
            forwarded = self._forward(request, route, path, request_id, context, buffered)
        except BaseException:
            release()
            raise
        body = forwarded.answer.body
        if isinstance(body, StreamedBody):
            body.on_close(release)  # held until the body has gone, or the client has
        else:
            release()
        return forwarded

    def _forward(
        self,
        request,
        route: Route,
        path: str,
        request_id: str,
        context: str,
        buffered: bytes | None,
    ) -> Forwarded:
        method = request.method
        headers = list(upstream_headers(request, route, request_id, context).items())
        body = _request_body(request, route, headers, buffered)
        target = upstream_target(path, request.query_string)
        servers = self._balancer.order(route)
        if len(servers) == 1 and route.retry_idempotent:
            servers = servers * 2  # one instance: a second try on a fresh connection
        replayable = body is None or isinstance(body, bytes)
        for attempt, server in enumerate(servers):
            last = attempt + 1 == len(servers)
            started = time.perf_counter()
            try:
                upstream = http1.send(
                    self._balancer.pools[server],
                    method,
                    target,
                    headers,
                    body,
                    connect_timeout=route.connect_timeout,
                    read_timeout=route.read_timeout,
                )
            except http1.UpstreamError as exc:
                if exc.timeout:
                    # Not retried: a slow request sent twice doubles the load and the wait.
                    self._balancer.failed(route, server)
                    log.warning("%s (%s) did not answer in time", route.upstream, server)
                    raise unavailable(
                        f"{route.upstream} did not answer in time",
                        self._retry_after,
                        code=504,
                        upstream=server,
                    ) from exc
                if not exc.sent:
                    self._balancer.failed(route, server)
                log.warning("%s (%s) unreachable: %s", route.upstream, server, exc)
                # Another instance (or a fresh connection) only when sending again is harmless.
                retry = (not exc.sent and replayable) or (
                    route.retry_idempotent and method in _IDEMPOTENT and replayable
                )
                if last or not retry:
                    raise unavailable(
                        f"{route.upstream} is unavailable", self._retry_after, upstream=server
                    ) from exc
                continue
            seconds = time.perf_counter() - started
            self._balancer.succeeded(route, server)
            return Forwarded(upstream_answer(upstream, route), server, seconds)
        raise unavailable(f"{route.upstream} is unavailable", self._retry_after)
