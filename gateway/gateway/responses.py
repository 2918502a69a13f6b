"""The upstream's answer as the client's response: headers cleaned, small bodies in one piece,
anything else streamed through. One `Answer` for both paths: the Flask view wraps it in a
`Response` (`to_response`), the lean path (lean.py) hands it to the WSGI server itself."""

from __future__ import annotations

import dataclasses
import logging
import threading

from flask import Response

from gateway import http1
from gateway.routes import Route

log = logging.getLogger(__name__)

CHUNK = http1.CHUNK
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "proxy-connection",
    }
)
# Date and Server are the gateway's own (its server sets them); the request id is ours.
_RESPONSE_DROP = HOP_BY_HOP | {"x-request-id", "date", "server"}


def connection_tokens(value: str | None) -> set[str]:
    # Headers named in Connection are hop-by-hop for this hop too (RFC 9110 §7.6.1).
    return {t.strip().lower() for t in value.split(",") if t.strip()} if value else set()


@dataclasses.dataclass
class Answer:
    """The upstream's status, cleaned headers and body: bytes (small, read whole) or a
    StreamedBody. `head_length` is the upstream's Content-Length when it sent no body (HEAD)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes | StreamedBody
    head_length: str | None = None


def upstream_answer(upstream: http1.Response, route: Route) -> Answer:
    headers = _response_headers(upstream, route)
    if upstream.length is not None and upstream.length <= CHUNK:
        # Small answers (most of them) in one piece: cheaper than a streamed generator.
        head_length = upstream.header("Content-Length") if upstream.length == 0 else None
        return Answer(upstream.status, headers, upstream.read(), head_length or None)
    return Answer(upstream.status, headers, StreamedBody(upstream, route))


def to_response(answer: Answer) -> Response:
    """The answer as werkzeug's Response (the Flask path, and the lean path's rarer cases)."""
    if isinstance(answer.body, StreamedBody):
        # direct_passthrough hands the body itself to the WSGI server, which calls its close()
        # however the response ends (werkzeug skips the Response's call_on_close in that case).
        return Response(
            answer.body, status=answer.status, headers=answer.headers, direct_passthrough=True
        )
    response = Response(answer.body, status=answer.status, headers=answer.headers)
    if answer.head_length:
        response.headers["Content-Length"] = answer.head_length  # HEAD
    return response


class StreamedBody:
    """The upstream's body for the WSGI server. `close()` runs exactly once, whether the body
    was read whole, the client left mid-body, the upstream broke off, or it was never read;
    it gives back the upstream connection and runs the `on_close` callbacks (the route's slot).
    """

    def __init__(self, upstream: http1.Response, route: Route):
        self._upstream, self._route = upstream, route
        self._chunks = upstream.stream()
        self._callbacks: list = []
        self._closed = False
        self._lock = threading.Lock()

    def on_close(self, callback) -> None:
        self._callbacks.append(callback)

    def __iter__(self):
        # Raw bytes, never decoded: a gzip body stays gzip, matching Content-Encoding/-Length.
        try:
            yield from self._chunks
        except Exception as exc:  # noqa: BLE001 - the status is sent; all we can do is stop
            log.warning("stream from %s broken: %s", self._route.upstream, exc)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        try:
            self._chunks.close()  # a generator that never started skips its `finally`...
            self._upstream.release()  # ...so the connection is given back here too
        finally:
            for callback in self._callbacks:
                callback()


def _response_headers(upstream: http1.Response, route: Route) -> list[tuple[str, str]]:
    drop = _RESPONSE_DROP | connection_tokens(upstream.header("Connection"))
    headers = []
    for name, value in upstream.headers:
        if name.lower() in drop:
            continue
        if name.lower() == "location" and value.startswith("/"):
            # The client only knows the gateway's paths (the console's prefix "/" adds nothing).
            value = route.prefix.rstrip("/") + value
        headers.append((name, value))
    return headers
