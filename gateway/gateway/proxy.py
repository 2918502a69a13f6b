"""Forwarding a request to its upstream over pooled keep-alive connections, streaming both ways."""

from __future__ import annotations

import logging
import urllib.parse

import requests
from flask import Request, Response
from requests.adapters import HTTPAdapter

from foyer_shared.access import CONTEXT_HEADER
from gateway.errors import GatewayError, unavailable
from gateway.routes import Route

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
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
# Set by the gateway alone; whatever a client sends under these names is dropped.
_OWNED = frozenset(
    {
        "host",
        "content-length",
        "x-request-id",
        CONTEXT_HEADER.lower(),
        "x-forwarded-proto",
        "x-forwarded-host",
        "x-forwarded-prefix",
    }
)
_RETRYABLE = frozenset({"GET", "HEAD", "OPTIONS"})


def pooled_session(pool_size: int = 32) -> requests.Session:
    """One keep-alive pool per upstream host, sized for gunicorn's threads."""
    session = requests.Session()
    session.trust_env = False  # a stray HTTP_PROXY must never reroute internal traffic
    # requests' defaults (Accept-Encoding: gzip, its User-Agent) would alter what the client
    # asked for; only the client's own headers and ours go upstream.
    session.headers.clear()
    adapter = HTTPAdapter(pool_connections=8, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _connection_tokens(headers) -> set[str]:
    # Headers named in Connection are hop-by-hop for this hop too (RFC 9110 §7.6.1).
    return {t.strip().lower() for t in headers.get("Connection", "").split(",") if t.strip()}


def upstream_headers(request: Request, route: Route, request_id: str, context: str) -> dict:
    drop = HOP_BY_HOP | _OWNED | _connection_tokens(request.headers)
    if route.upstream != "identity":
        # Services trust the signed context only; the bearer token stays at the edge.
        drop = drop | {"authorization"}
    headers = {k: v for k, v in request.headers.items() if k.lower() not in drop}
    # Appended, never replaced: services that care must trust only the last hop.
    chain = request.headers.get("X-Forwarded-For")
    client = request.remote_addr or ""
    headers["X-Forwarded-For"] = f"{chain}, {client}" if chain else client
    headers["X-Forwarded-Proto"] = request.scheme
    headers["X-Forwarded-Host"] = request.host
    headers["X-Forwarded-Prefix"] = route.prefix
    headers["X-Request-ID"] = request_id
    headers[CONTEXT_HEADER] = context
    return headers


class _SizedBody:
    """The client's body as a stream with a known length, so requests sends Content-Length."""

    def __init__(self, stream, length: int):
        self._stream, self._length = stream, length

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = CHUNK) -> bytes:
        return self._stream.read(size)

    def __iter__(self):
        while chunk := self._stream.read(CHUNK):
            yield chunk


def _request_body(request: Request, route: Route):
    length = request.content_length
    if length is not None and length > route.max_body_bytes:
        raise GatewayError(413, f"request body larger than {route.max_body_bytes} bytes")
    if length:
        return _SizedBody(request.stream, length)
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        # Unknown length: werkzeug stops reading (413) once the limit is passed.
        request.max_content_length = route.max_body_bytes
        return iter(lambda: request.stream.read(CHUNK), b"")
    return None


def upstream_url(route: Route, path: str, query: bytes) -> str:
    url = route.base_url + urllib.parse.quote(path, safe="/:@!$&'()*+,;=-._~%")
    return f"{url}?{query.decode('latin-1')}" if query else url


class Proxy:
    """Sends the request upstream and streams the answer back without buffering it."""

    def __init__(self, session: requests.Session, retry_after: int = 5):
        self._session = session
        self._retry_after = retry_after

    def forward(self, request: Request, route: Route, path: str, request_id: str, context: str):
        body = _request_body(request, route)
        method = request.method
        url = upstream_url(route, path, request.query_string)
        headers = upstream_headers(request, route, request_id, context)
        attempts = 2 if route.retry_idempotent and method in _RETRYABLE and body is None else 1
        for attempt in range(attempts):
            try:
                upstream = self._session.request(
                    method,
                    url,
                    headers=headers,
                    data=body,
                    stream=True,
                    allow_redirects=False,
                    timeout=(route.connect_timeout, route.read_timeout),
                )
                break
            except requests.ReadTimeout as exc:
                log.warning("%s did not answer in time: %s", route.upstream, exc)
                raise unavailable(
                    f"{route.upstream} did not answer in time", self._retry_after, code=504
                ) from exc
            except requests.ConnectionError as exc:
                log.warning("%s unreachable (attempt %d): %s", route.upstream, attempt + 1, exc)
                if attempt + 1 == attempts:
                    raise unavailable(
                        f"{route.upstream} is unavailable", self._retry_after
                    ) from exc
        response = Response(
            _stream(upstream, route),
            status=upstream.status_code,
            headers=_response_headers(upstream, route),
            direct_passthrough=True,
        )
        # A client that leaves before the first byte never runs the generator's `finally`.
        response.call_on_close(upstream.close)
        return response


def _response_headers(upstream: requests.Response, route: Route) -> list[tuple[str, str]]:
    drop = HOP_BY_HOP | _connection_tokens(upstream.headers) | {"x-request-id"}
    headers = []
    for name, value in upstream.raw.headers.items():
        if name.lower() in drop:
            continue
        if name.lower() == "location" and value.startswith("/"):
            value = route.prefix + value  # the client only knows the gateway's paths
        headers.append((name, value))
    return headers


def _stream(upstream: requests.Response, route: Route):
    # Raw bytes, not iter_content: a gzip body stays gzip, matching Content-Encoding/-Length.
    try:
        yield from upstream.raw.stream(CHUNK, decode_content=False)
    except Exception as exc:  # noqa: BLE001 - the status is already sent; all we can do is stop
        log.warning("stream from %s broken: %s", route.upstream, exc)
    finally:
        upstream.close()
