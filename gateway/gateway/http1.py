"""A lean HTTP/1.1 client for the proxy hop: keep-alive sockets per upstream instance.

Why not urllib3: on the hot path it spent more CPU than the rest of the gateway together
(http.client's e-mail header parser, per-header validation, pool bookkeeping). The gateway
only talks to our own services on a trusted network, so this speaks the small part of
HTTP/1.1 it needs: one request per connection at a time, Content-Length or chunked bodies
both ways, keep-alive unless either side says close.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterable, Iterator

CHUNK = 64 * 1024
MAX_LINE = 65536
MAX_HEADERS = 200


class UpstreamError(Exception):
    """Connection-level failure; `sent` says whether any of the request may have left."""

    def __init__(self, message: str, *, sent: bool, timeout: bool = False):
        super().__init__(message)
        self.sent, self.timeout = sent, timeout


class Connection:
    def __init__(self, host: str, port: int, connect_timeout: float):
        try:
            self.sock = socket.create_connection((host, port), timeout=connect_timeout)
        except TimeoutError as exc:
            raise UpstreamError(f"connect to {host}:{port} timed out", sent=False) from exc
        except OSError as exc:
            raise UpstreamError(f"connect to {host}:{port} failed: {exc}", sent=False) from exc
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb", buffering=CHUNK)

    def dropped(self) -> bool:
        """An idle keep-alive socket the server closed reads as ready (EOF): do not reuse it."""
        try:
            readable, _, _ = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def close(self) -> None:
        try:
            self.file.close()
            self.sock.close()
        except OSError:
            pass


# A connection idle longer than this is not reused. The services' gunicorn closes idle
# keep-alive connections after its `keepalive` (5 s, foyer_shared.gunicorn_conf): a request
# sent just as that close is under way fails after it left, and a POST cannot be sent again.
MAX_IDLE_SECONDS = 1.0


class Pool:
    """Idle connections to one instance, most recently used first; at most `size` kept."""

    def __init__(
        self,
        base_url: str,
        size: int = 32,
        max_idle: float = MAX_IDLE_SECONDS,
        clock=time.monotonic,
    ):
        rest = base_url.split("://", 1)[1]
        host, _, port = rest.partition(":")
        self.host, self.port = host, int(port or 80)
        self.host_header = rest
        self._idle: list[tuple[Connection, float]] = []  # (connection, when it became idle)
        self._size, self._max_idle, self._clock = size, max_idle, clock
        self._lock = threading.Lock()

    def get(self, connect_timeout: float) -> Connection:
        while True:
            with self._lock:
                conn, since = self._idle.pop() if self._idle else (None, 0.0)
            if conn is None:
                return Connection(self.host, self.port, connect_timeout)
            if self._clock() - since <= self._max_idle and not conn.dropped():
                return conn
            conn.close()

    def put(self, conn: Connection) -> None:
        with self._lock:
            if len(self._idle) < self._size:
                self._idle.append((conn, self._clock()))
                return
        conn.close()


class Response:
    """Status and headers read; the body is read with `stream()` or `read()`."""

    def __init__(self, pool: Pool, conn: Connection, method: str):
        self._pool, self._conn = pool, conn
        while True:  # interim 1xx answers (100 Continue, 103 Early Hints) are skipped
            version = self._read_head(conn)
            if not 100 <= self.status < 200 or self.status == 101:
                break
        keep = self._lower.get("connection", "").lower()
        self._reusable = "close" not in keep and (version == "HTTP/1.1" or "keep-alive" in keep)
        self._chunked = "chunked" in self._lower.get("transfer-encoding", "").lower()
        no_body = method == "HEAD" or self.status in (204, 304) or 100 <= self.status < 200
        length = self._lower.get("content-length")
        self.length = 0 if no_body else (int(length) if length and not self._chunked else None)
        if self.length is None and not self._chunked:
            self._reusable = False  # the body ends when the server closes
        self._done = False

    def _read_head(self, conn: Connection) -> str:
        """Status line and headers; returns the HTTP version."""
        line = conn.file.readline(MAX_LINE)
        if not line:
            # Maybe an idle keep-alive socket closed just as we sent: the caller's retry rules
            # (idempotent methods only) decide; never assume it was not processed.
            raise UpstreamError("connection closed before a response", sent=True)
        version, _, rest = line.decode("latin-1").rstrip("\r\n").partition(" ")
        code = rest.split(" ", 1)[0]
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise UpstreamError(f"not an HTTP/1.x response: {line[:80]!r}", sent=True)
        self.status = int(code)
        self.headers: list[tuple[str, str]] = []
        self._lower: dict[str, str] = {}
        for _ in range(MAX_HEADERS):
            raw = conn.file.readline(MAX_LINE)
            if raw in (b"\r\n", b"\n", b""):
                return version
            name, _, value = raw.decode("latin-1").partition(":")
            name, value = name.strip(), value.strip()
            self.headers.append((name, value))
            self._lower[name.lower()] = value
        raise UpstreamError("too many response headers", sent=True)

    def header(self, name: str) -> str | None:
        return self._lower.get(name.lower())

    def read(self) -> bytes:
        return b"".join(self.stream())

    def stream(self) -> Iterator[bytes]:
        try:
            if self._chunked:
                yield from self._chunks()
            elif self.length is not None:
                remaining = self.length
                while remaining:
                    data = self._conn.file.read1(min(CHUNK, remaining))
                    if not data:
                        raise UpstreamError("upstream closed mid-body", sent=True)
                    remaining -= len(data)
                    yield data
            else:
                while data := self._conn.file.read1(CHUNK):
                    yield data
            self._done = True
        finally:
            self.release()

    def _chunks(self) -> Iterator[bytes]:
        file = self._conn.file
        while True:
            size = int(file.readline(MAX_LINE).split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while file.readline(MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass  # trailers: dropped (hop-by-hop as far as we are concerned)
                return
            remaining = size
            while remaining:
                data = file.read1(min(CHUNK, remaining))
                if not data:
                    raise UpstreamError("upstream closed mid-chunk", sent=True)
                remaining -= len(data)
                yield data
            file.readline(MAX_LINE)

    def release(self) -> None:
        """Back to the pool when the body was read whole; otherwise the socket is closed."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self._done and self._reusable:
            self._pool.put(conn)
        else:
            conn.close()


def send(
    pool: Pool,
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body,
    *,
    connect_timeout: float,
    read_timeout: float,
) -> Response:
    """Send one request; `body` is None, bytes, a file-like with a known Content-Length in
    `headers`, or an iterable of chunks (sent chunked). Raises UpstreamError."""
    conn = pool.get(connect_timeout)
    conn.sock.settimeout(read_timeout)
    lines = [f"{method} {target} HTTP/1.1", f"Host: {pool.host_header}"]
    lines.extend(f"{name}: {value}" for name, value in headers)
    chunked = body is not None and not isinstance(body, bytes) and not hasattr(body, "read")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    sent = False
    try:
        if isinstance(body, bytes):
            conn.sock.sendall(head + body)
        else:
            conn.sock.sendall(head)
            sent = True
            _send_body(conn, body, chunked)
        return _not_reused_after_a_refused_body(Response(pool, conn, method), body)
    except UpstreamError:
        conn.close()
        raise
    except TimeoutError as exc:
        conn.close()
        raise UpstreamError("upstream did not answer in time", sent=True, timeout=True) from exc
    except (BrokenPipeError, ConnectionResetError) as exc:
        if sent:
            early = _early_answer(pool, conn, method)
            if early is not None:
                return early
        conn.close()
        raise UpstreamError(f"upstream connection failed: {exc}", sent=sent) from exc
    except OSError as exc:
        conn.close()
        # Until the head is out whole, no complete request reached the server.
        raise UpstreamError(f"upstream connection failed: {exc}", sent=sent) from exc
    except BaseException:
        conn.close()  # the body's own refusal (too large) or a bug: a half-sent request
        raise


def _not_reused_after_a_refused_body(response: Response, body) -> Response:
    """A body refused, maybe before it was read (a 404, 401, 413): the server may still have
    to drain it, or give up and close. A fresh connection next time is cheaper than a request
    lost on that one."""
    if body is not None and response.status >= 400:
        response._reusable = False
    return response


def _send_body(conn: Connection, body, chunked: bool) -> None:
    if chunked:
        for chunk in body:
            if chunk:
                conn.sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        conn.sock.sendall(b"0\r\n\r\n")
    elif body is not None:
        while data := body.read(CHUNK):
            conn.sock.sendall(data)


def _early_answer(pool: Pool, conn: Connection, method: str) -> Response | None:
    """The upstream answered before it read the whole body (a 404 for an unknown path, a 401)
    and closed: its answer is on the socket, and it is the answer to give. None if there is
    none to read."""
    try:
        response = Response(pool, conn, method)
    except (UpstreamError, OSError):
        return None
    response._reusable = False  # the rest of our body is still in that connection's way
    return response
