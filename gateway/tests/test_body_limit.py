"""An oversized upload is a 413 naming the limit, decided without reading the body (issue 17,
finding 7): from Content-Length at once, and for a chunked body as soon as it passes."""

from __future__ import annotations

import json
import socket
import tomllib
import urllib.parse
from pathlib import Path

import pytest

MIB = 1 << 20
LIMIT = 51 * MIB  # imports' own cap: a 50 MiB file and 1 MiB of form
ROUTES = f"""
[defaults]
connect_timeout = 0.5
read_timeout = 5.0
[routes.identity]
[routes.registry]
[routes.crm]
[routes.imports]
max_body_bytes = {LIMIT}
[routes.notify]
"""


@pytest.fixture(scope="module")
def gateway_url(make_stack):
    return make_stack(routes=ROUTES, down=("crm",), events_enabled=False).url


def _answer(sock: socket.socket) -> tuple[int, dict]:
    """Status and JSON body of the response, read while the request body is still unsent."""
    data = b""
    while b"\r\n\r\n" not in data:
        more = sock.recv(65536)
        assert more, "the gateway hung up without an answer"
        data += more
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        more = sock.recv(65536)
        assert more, "the gateway hung up mid-answer"
        body += more
    return int(lines[0].split()[1]), json.loads(body[:length])


def _connect(url: str) -> socket.socket:
    parsed = urllib.parse.urlsplit(url)
    # The deadline of every recv: the answer must come while the body is still (mostly) unsent.
    return socket.create_connection((parsed.hostname, parsed.port), timeout=5)


def _assert_names_the_limit(status: int, body: dict) -> None:
    assert status == 413, body
    assert set(body) == {"code", "status", "message", "errors", "request_id"}
    assert body["code"] == 413 and str(LIMIT) in body["message"] and "51 MiB" in body["message"]


def test_a_51_mib_upload_is_413_from_its_content_length_alone(gateway_url):
    with _connect(gateway_url) as sock:
        sock.sendall(
            b"POST /api/imports/stream-in HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
            b"Content-Length: %d\r\n\r\n" % (LIMIT + 4096)
        )
        sock.sendall(b"x" * 65536)  # a first piece only: the answer must not wait for the rest
        _assert_names_the_limit(*_answer(sock))


def test_a_chunked_upload_is_413_as_soon_as_it_passes_the_limit(gateway_url):
    piece = b"y" * MIB
    with _connect(gateway_url) as sock:
        sock.sendall(
            b"POST /api/imports/stream-in HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        for _ in range(LIMIT // MIB + 1):  # just past the limit; no last chunk ever comes
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        _assert_names_the_limit(*_answer(sock))


def test_a_body_within_the_limit_still_passes(gateway_url):
    with _connect(gateway_url) as sock:
        sock.sendall(
            b"POST /api/imports/stream-in HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
        )
        status, body = _answer(sock)
    assert status == 200 and body["body_length"] == 5


def test_the_shipped_imports_route_takes_no_more_than_imports_itself():
    # Above imports' own cap, imports hangs up mid-upload and the client saw a 503.
    table = tomllib.loads((Path(__file__).parents[1] / "routes.toml").read_text())
    assert table["routes"]["imports"]["max_body_bytes"] == LIMIT
