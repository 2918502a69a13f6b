"""A route's in-flight slots come back however a streamed response ends (issue 17, finding 1):
read whole, the client leaving half-way, or the upstream breaking off mid-body."""

from __future__ import annotations

import concurrent.futures
import socket
import urllib.parse

import pytest
import requests
from prometheus_client import REGISTRY

from foyer_testing import wait_until

# A route of its own ("files", served by the registry fakes) so no other test's traffic moves
# its gauge; four slots, so a leak shows after a handful of responses.
ROUTES = urllib.parse.unquote(
    "[defaults]%0Aconnect_timeout = 0.5%0Aread_timeout = 5.0%0A"
    "[routes.identity]%0A[routes.registry]%0A[routes.crm]%0A[routes.imports]%0A"
    "[routes.notify]%0A"
    '[routes.files]%0Aupstream = "registry"%0Amax_in_flight = 4%0A'
)


@pytest.fixture(scope="module")
def files(make_stack):
    return make_stack(routes=ROUTES, down=("crm",), events_enabled=False)


def _in_flight() -> float:
    return REGISTRY.get_sample_value("foyer_gateway_in_flight", {"route": "files"}) or 0.0


def _wait_for_no_request_in_flight() -> None:
    # The server closes a response's body just after its last byte: allow it a moment.
    wait_until(lambda: _in_flight() == 0, timeout=10, interval=0.02, message="every slot free")


def _abandon_half_way(base_url: str, path: str) -> None:
    """GET over a raw socket, read about half the body, then hang up."""
    parsed = urllib.parse.urlsplit(base_url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        received = 0
        while received < 1 << 20:  # 1 MiB of the 2 MiB download
            data = sock.recv(65536)
            assert data, "the gateway closed before half of the body"
            received += len(data)


def test_streamed_responses_give_their_slot_back(files):
    base = files.url + "/api/files"
    with requests.Session() as session:
        for number in range(1000):  # big bodies with a length, and bodies of unknown length
            path = "/big" if number % 2 else "/unsized"
            response = session.get(base + path, timeout=10)
            assert response.status_code == 200, f"request {number}: {response.text[:200]}"
    assert len(response.content) > 0
    _wait_for_no_request_in_flight()


def test_downloads_abandoned_half_way_give_their_slot_back(files):
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        done = list(
            pool.map(lambda _: _abandon_half_way(files.url, "/api/files/download"), range(200))
        )
    assert len(done) == 200
    _wait_for_no_request_in_flight()
    assert requests.get(files.url + "/api/files/public/ping", timeout=5).status_code == 200


def test_an_upstream_breaking_off_mid_body_gives_the_slot_back(files):
    for _ in range(20):
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            _ = requests.get(files.url + "/api/files/broken", timeout=10).content
    _wait_for_no_request_in_flight()
    assert requests.get(files.url + "/api/files/public/ping", timeout=5).status_code == 200
