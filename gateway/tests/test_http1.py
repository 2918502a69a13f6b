"""The proxy's HTTP/1.1 client against a scripted server: framing, interim answers, reuse."""

from __future__ import annotations

import io
import socket
import threading

import pytest

from gateway import http1


class Scripted:
    """Answers each request on a connection with the next canned bytes; counts connections."""

    def __init__(self, answers: list[bytes]):
        self.answers, self.connections, self.requests = list(answers), 0, []
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(4)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while self.answers:
            conn, _ = self._sock.accept()
            self.connections += 1
            file = conn.makefile("rb")
            while self.answers:
                head = b""
                while not head.endswith(b"\r\n\r\n"):
                    line = file.readline()
                    if not line:
                        break
                    head += line
                if not head:
                    break
                self.requests.append(head)
                answer = self.answers.pop(0)
                conn.sendall(answer)
                if b"Connection: close" in answer:
                    break
            conn.close()


def _send(pool, method="GET"):
    return http1.send(
        pool, method, "/x", [("X-Test", "1")], None, connect_timeout=1, read_timeout=2
    )


def test_interim_answers_are_skipped_and_chunked_bodies_decoded_with_trailers():
    server = Scripted(
        [
            b"HTTP/1.1 100 Continue\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        ]
    )
    pool = http1.Pool(server.url)
    first = _send(pool)
    assert first.status == 200 and first.read() == b"hello world"
    second = _send(pool)
    assert second.read() == b"ok"
    assert server.connections == 1  # kept alive and reused
    assert b"Host: 127.0.0.1:" in server.requests[0] and b"X-Test: 1" in server.requests[0]


def test_connection_close_and_bodiless_answers():
    server = Scripted(
        [
            b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbye",
            b"HTTP/1.0 200 OK\r\n\r\nuntil the end",
        ]
    )
    pool = http1.Pool(server.url)
    not_modified = _send(pool)
    assert not_modified.status == 304 and not_modified.read() == b""
    assert _send(pool).read() == b"bye"
    last = _send(pool)
    assert last.length is None and last.read() == b"until the end"
    assert server.connections == 2


def test_refused_and_silent_upstreams():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with pytest.raises(http1.UpstreamError) as refused:
        _send(http1.Pool(dead))
    assert refused.value.sent is False
    with socket.socket() as silent:  # the kernel accepts; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(http1.UpstreamError) as timed_out:
            http1.send(http1.Pool(url), "GET", "/", [], None, connect_timeout=1, read_timeout=0.3)
    assert timed_out.value.timeout and timed_out.value.sent


def test_a_connection_idle_past_the_limit_is_not_reused():
    """The upstream may be closing it right now (gunicorn's keepalive): a POST sent on it
    would fail after it left, and cannot be sent again."""
    now = [100.0]
    server = Scripted([b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"] * 3)
    pool = http1.Pool(server.url, max_idle=1.0, clock=lambda: now[0])
    assert _send(pool, "POST").read() == b"ok"
    now[0] += 0.5
    assert _send(pool, "POST").read() == b"ok"
    assert server.connections == 1  # reused within the limit
    now[0] += 1.5
    assert _send(pool, "POST").read() == b"ok"
    assert server.connections == 2  # idle too long: a fresh connection


def test_an_answer_given_before_the_body_was_read_is_relayed():
    """A service answers 404 for an unknown path without reading a large body and closes:
    that 404 is the answer, not '<service> is unavailable'."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer_early():
        conn, _ = listener.accept()
        conn.recv(4096)  # the head and a little of the body
        conn.sendall(b"HTTP/1.1 404 NOT FOUND\r\nContent-Length: 9\r\n\r\nnot found")
        conn.shutdown(socket.SHUT_WR)
        conn.close()

    threading.Thread(target=answer_early, daemon=True).start()
    pool = http1.Pool(f"http://127.0.0.1:{listener.getsockname()[1]}")
    body = io.BytesIO(b"[" * 8_000_000)
    headers = [("Content-Length", "8000000")]
    response = http1.send(pool, "PUT", "/x", headers, body, connect_timeout=1, read_timeout=5)
    assert response.status == 404 and response.read() == b"not found"


def test_a_connection_that_carried_a_refused_body_is_not_reused():
    """The server refused the body without reading it and then gave up on the connection (as
    it may when draining fails): the next request must not be sent on it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(2)

    def serve():
        first, _ = listener.accept()
        first.recv(256)  # the head only
        first.sendall(b"HTTP/1.1 404 NOT FOUND\r\nContent-Length: 0\r\n\r\n")
        seen = b""
        while b"POST" not in seen:  # the body, then a next request: dropped unanswered
            data = first.recv(65536)
            if not data:
                break  # the client closed it itself: what it should do
            seen += data
        first.close()
        second, _ = listener.accept()
        second.recv(65536)
        second.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        second.close()

    threading.Thread(target=serve, daemon=True).start()
    pool = http1.Pool(f"http://127.0.0.1:{listener.getsockname()[1]}")
    body = io.BytesIO(b"x" * 1000)
    refused = http1.send(
        pool, "PUT", "/x", [("Content-Length", "1000")], body, connect_timeout=1, read_timeout=2
    )
    assert refused.status == 404 and refused.read() == b""
    assert _send(pool, "POST").read() == b"ok"
