"""The console's HTTP client against a server that, like gunicorn at its keep-alive limit, closes
an idle connection without answering a request that arrives on it."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from console.client import ApiError, Gateway


class RawListener:
    """A listening socket on 127.0.0.1 whose connections `_serve` (in a thread) handles."""

    def __init__(self):
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(8)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()  # each subclass's own


class ClosesIdleConnections(RawListener):
    """Answers the first request on each connection; a later one on the same connection finds
    it closed, as a request gunicorn's keep-alive limit beats to the socket does."""

    def __init__(self):
        self.connections = 0
        super().__init__()

    def _serve(self):
        while True:
            conn, _ = self._sock.accept()
            self.connections += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        file = conn.makefile("rb")
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = file.readline()
            if not line:
                return conn.close()
            head += line
        lengths = [h for h in head.lower().split(b"\r\n") if h.startswith(b"content-length:")]
        file.read(int(lengths[0].split(b":")[1]) if lengths else 0)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        file.readline()  # the next request on this connection: closed unanswered
        conn.close()


def test_a_call_after_a_quiet_spell_goes_on_a_new_connection():
    server = ClosesIdleConnections()
    gateway = Gateway(server.url, timeout=5, upload_timeout=5, max_idle_seconds=0.2)
    assert gateway.request("GET", "/api/identity/me").status_code == 200
    time.sleep(0.4)  # the quiet spell itself, longer than max_idle_seconds
    answer = gateway.request("POST", "/api/identity/auth/login", json={"username": "owner"})
    assert answer.status_code == 200
    assert server.connections == 2


class KeepAliveServer(ThreadingHTTPServer):
    """A keep-alive server answering every GET with `status` (and `headers`) after `delay`
    seconds; counts the connections and the requests it took."""

    daemon_threads = True

    def __init__(self, status: int = 200, headers: dict | None = None, delay: float = 0.0):
        self.connections = self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                super().setup()
                server.connections += 1

            def do_GET(self):
                server.requests += 1
                time.sleep(delay)
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


def test_many_calls_at_once_keep_their_connections_for_the_next_ones():
    server = KeepAliveServer(delay=0.2)  # answers take a moment, so calls sent together overlap
    gateway = Gateway(server.url, timeout=5, upload_timeout=5)
    at_once = 20  # more than requests keeps by default (10)

    def wave():
        calls = [
            threading.Thread(target=gateway.request, args=("GET", "/api/registry/statuses"))
            for _ in range(at_once)
        ]
        for call in calls:
            call.start()
        for call in calls:
            call.join()

    wave()
    wave()
    server.shutdown()
    assert server.connections == at_once


def test_a_read_whose_pooled_connection_is_closed_under_it_goes_again_on_a_new_one():
    server = ClosesIdleConnections()
    # Never idle long enough to be dropped first: the close races the call, as when another
    # lane kept the pool busy while this connection sat in it.
    gateway = Gateway(server.url, timeout=5, upload_timeout=5, max_idle_seconds=60)
    assert gateway.request("GET", "/api/registry/persons/1").status_code == 200
    assert gateway.request("GET", "/api/registry/persons/1/changes").status_code == 200
    assert server.connections == 2


def test_a_write_whose_pooled_connection_is_closed_under_it_is_not_sent_again():
    server = ClosesIdleConnections()
    gateway = Gateway(server.url, timeout=5, upload_timeout=5, max_idle_seconds=60)
    assert gateway.request("GET", "/api/identity/me").status_code == 200
    with pytest.raises(ApiError) as refused:
        gateway.request("POST", "/api/registry/persons", json={"first_name": "Åsa"})
    assert refused.value.status == 503
    assert server.connections == 1


class NeverAnswers(RawListener):
    """Takes each request and keeps the caller waiting."""

    def __init__(self):
        self.requests = 0
        self._held = []
        super().__init__()

    def _serve(self):
        while True:
            conn, _ = self._sock.accept()
            self._held.append(conn)
            conn.makefile("rb").readline()
            self.requests += 1


def test_a_read_that_times_out_is_not_sent_again():
    server = NeverAnswers()
    gateway = Gateway(server.url, timeout=0.3, upload_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(ApiError) as failed:
        gateway.request("GET", "/api/registry/persons")
    assert failed.value.status == 503
    assert time.monotonic() - started < 0.55  # one wait, not two
    time.sleep(0.2)
    assert server.requests == 1


def test_an_answer_with_retry_after_reaches_the_page_at_once():
    server = KeepAliveServer(503, {"Retry-After": "5"})  # the gateway: a service is busy
    gateway = Gateway(server.url, timeout=5, upload_timeout=5)
    started = time.monotonic()
    assert gateway.request("GET", "/api/registry/persons").status_code == 503
    assert time.monotonic() - started < 2
    server.shutdown()
    assert server.requests == 1


class RecordsHeaders(BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):
        RecordsHeaders.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_every_call_carries_the_pages_language(app):
    """What an API says to people (refusals, imports' error file) reads in the page's language:
    the log-in and password pages' calls too, which do not go through console.api."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordsHeaders)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    gateway = Gateway(url, timeout=5, upload_timeout=5)
    try:
        with app.test_request_context("/", headers={"Accept-Language": "sv-SE,sv;q=0.9"}):
            gateway.request("GET", "/api/registry/persons")
        with app.test_request_context("/", headers={"Cookie": "foyer_lang=en"}):
            gateway.request("GET", "/api/registry/persons", headers={"If-Match": '"1"'})
        gateway.request("GET", "/api/registry/persons")  # no page: no language to pass on
    finally:
        server.shutdown()
    languages = [seen.get("Accept-Language") for seen in RecordsHeaders.seen]
    assert languages == ["sv", "en", None]
    assert RecordsHeaders.seen[1]["If-Match"] == '"1"'
