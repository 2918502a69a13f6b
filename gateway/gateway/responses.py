"""The upstream's answer as the client's response: headers cleaned, small bodies in one piece,
anything else streamed through."""

from __future__ import annotations

import logging

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


def client_response(upstream: http1.Response, route: Route) -> Response:
    headers = _response_headers(upstream, route)
    if upstream.length is not None and upstream.length <= CHUNK:
        # Small answers (most of them) in one piece: cheaper than a streamed generator.
        response = Response(upstream.read(), status=upstream.status, headers=headers)
        if upstream.length == 0 and upstream.header("Content-Length"):
            response.headers["Content-Length"] = upstream.header("Content-Length")  # HEAD
        return response
    body = upstream.stream()
    response = Response(
        _guarded(body, route), status=upstream.status, headers=headers, direct_passthrough=True
    )
    # A client that leaves before the first byte never runs the generator's `finally`.
    response.call_on_close(upstream.release)
    return response


def _response_headers(upstream: http1.Response, route: Route) -> list[tuple[str, str]]:
    drop = _RESPONSE_DROP | connection_tokens(upstream.header("Connection"))
    headers = []
    for name, value in upstream.headers:
        if name.lower() in drop:
            continue
        if name.lower() == "location" and value.startswith("/"):
            value = route.prefix + value  # the client only knows the gateway's paths
        headers.append((name, value))
    return headers


def _guarded(body, route: Route):
    # Raw bytes, never decoded: a gzip body stays gzip, matching Content-Encoding/-Length.
    try:
        yield from body
    except Exception as exc:  # noqa: BLE001 - the status is already sent; all we can do is stop
        log.warning("stream from %s broken: %s", route.upstream, exc)
    finally:
        body.close()
