"""Only the gateway says who the client is (issue 17, finding 6): a client's X-Forwarded-For
never reaches the signed context nor the per-address rate limit, unless it came from one of the
configured trusted proxy hops."""

from __future__ import annotations

import pytest
import requests

from foyer_shared.access import CONTEXT_HEADER, ContextVerifier

PING = "/api/registry/public/ping"


def _context(response, context_keys):
    assert response.status_code == 200, response.text
    verifier = ContextVerifier(context_keys[1].read_text(), "registry")
    return verifier.verify(response.json()["headers"][CONTEXT_HEADER], "GET", "/public/ping")


@pytest.fixture(scope="module")
def behind_one_proxy(make_stack):
    return make_stack(
        trusted_proxy_hops=1,
        events_enabled=False,
        rate_limit_login_per_address="2/minute",
        rate_limit_login_per_account="2/minute",
    )


def test_a_forged_x_forwarded_for_is_not_the_client_address(gateway, context_keys):
    forged = {"X-Forwarded-For": "203.0.113.66"}
    response = requests.get(gateway + PING, headers=forged, timeout=5)
    assert _context(response, context_keys).client_address == "127.0.0.1"  # the socket peer
    assert response.json()["headers"]["X-Forwarded-For"] == "127.0.0.1"


def test_behind_a_trusted_proxy_the_entry_it_appended_is_the_client(behind_one_proxy, context_keys):
    # The client wrote 203.0.113.66; the proxy in front of the gateway appended 198.51.100.9.
    chain = {"X-Forwarded-For": "203.0.113.66, 198.51.100.9"}
    response = requests.get(behind_one_proxy.url + PING, headers=chain, timeout=5)
    assert _context(response, context_keys).client_address == "198.51.100.9"
    assert response.json()["headers"]["X-Forwarded-For"] == "198.51.100.9"


def test_the_per_address_rate_limit_keys_on_the_trusted_address(behind_one_proxy):
    login = behind_one_proxy.url + "/api/identity/auth/login"

    def attempt(client, forged):
        chain = f"{forged}, {client}"  # the client's own prefix differs on every try
        return requests.post(
            login, json={"username": f"n{forged}"}, timeout=5, headers={"X-Forwarded-For": chain}
        ).status_code

    assert [attempt("198.51.100.10", f"10.0.0.{n}") for n in range(3)] == [200, 200, 429]
    assert attempt("198.51.100.11", "10.0.0.1") == 200  # another client behind the proxy


def test_the_per_account_login_limit_never_keeps_the_account_out_from_elsewhere(behind_one_proxy):
    """A stranger naming Anna over and over is refused; Anna, from her own address, is not."""
    login = behind_one_proxy.url + "/api/identity/auth/login"

    def attempt(client):
        return requests.post(
            login, json={"username": "anna"}, timeout=5, headers={"X-Forwarded-For": client}
        ).status_code

    assert [attempt("198.51.100.20") for _ in range(2)] == [200, 200]
    assert attempt("198.51.100.20") == 429
    assert attempt("198.51.100.21") == 200
