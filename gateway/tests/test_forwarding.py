"""Routing, headers, bodies and the signed context, through a real gateway over HTTP."""

from __future__ import annotations

import hashlib
import os

import requests

from foyer_shared.access import CONTEXT_HEADER, ContextVerifier


def test_prefix_route_keeps_query_string_and_propagates_request_id(gateway, make_token):
    response = requests.get(
        f"{gateway}/api/registry/persons?q=%C3%85sa&tag=a&tag=b",
        headers={"Authorization": make_token("u-reader"), "X-Request-ID": "req-abc-123"},
        timeout=5,
    )
    assert response.status_code == 200, response.text
    echo = response.json()
    assert echo["path"] == "/persons"
    assert echo["query"] == "q=%C3%85sa&tag=a&tag=b"
    assert echo["headers"]["X-Request-Id"] == "req-abc-123"
    assert response.headers["X-Request-ID"] == "req-abc-123"
    assert echo["user"] == "u-reader"


def test_request_id_is_created_when_missing_or_implausible(gateway):
    response = requests.get(
        f"{gateway}/api/registry/public/ping", headers={"X-Request-ID": "bad id\t<x>"}, timeout=5
    )
    rid = response.headers["X-Request-ID"]
    assert rid and rid != "bad id\t<x>"
    assert response.json()["headers"]["X-Request-Id"] == rid


def test_forwarded_headers_set_and_hop_by_hop_and_forged_context_stripped(gateway, make_token):
    response = requests.get(
        f"{gateway}/api/registry/persons",
        headers={
            "Authorization": make_token("u-reader"),
            "X-Forwarded-For": "10.0.0.1",
            CONTEXT_HEADER: "forged.by.client",
            "Connection": "keep-alive, X-Hop",
            "X-Hop": "secret",
            "Keep-Alive": "timeout=5",
            "Proxy-Authorization": "Basic eDp5",
            "X-Custom": "kept",
        },
        timeout=5,
    )
    assert response.status_code == 200, response.text
    seen = {k.lower(): v for k, v in response.json()["headers"].items()}
    assert seen["x-forwarded-for"] == "127.0.0.1"  # replaced: the client's entry is dropped
    assert seen["x-forwarded-proto"] == "http"
    assert seen["x-forwarded-prefix"] == "/api/registry"
    assert seen["x-custom"] == "kept"
    for gone in ("x-hop", "keep-alive", "proxy-authorization", "authorization"):
        assert gone not in seen
    assert seen[CONTEXT_HEADER.lower()] != "forged.by.client"


def test_service_receives_a_context_that_verifies(gateway, make_token, context_keys):
    response = requests.get(
        f"{gateway}/api/registry/persons/42", headers={"Authorization": make_token()}, timeout=5
    )
    assert response.status_code == 200, response.text
    echo = response.json()
    token = echo["headers"][CONTEXT_HEADER]
    verifier = ContextVerifier(context_keys[1].read_text(), "registry")
    context = verifier.verify(token, "GET", "/persons/42")
    assert context.user_id == "u-reader"
    assert context.permissions == {"registry.persons.read"}
    assert context.request_id == response.headers["X-Request-ID"]


def test_public_route_needs_no_token_and_carries_a_context_without_user(gateway, context_keys):
    response = requests.get(f"{gateway}/api/registry/public/ping", timeout=5)
    assert response.status_code == 200, response.text
    verifier = ContextVerifier(context_keys[1].read_text(), "registry")
    context = verifier.verify(response.json()["headers"][CONTEXT_HEADER], "GET", "/public/ping")
    assert context.user_id is None and not context.permissions


def test_large_body_is_streamed_intact_and_location_is_rewritten(gateway, make_token):
    body = os.urandom(3_000_000)
    response = requests.post(
        f"{gateway}/api/registry/persons",
        data=body,
        headers={"Authorization": make_token("u-writer"), "Content-Type": "application/pdf"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    assert response.json()["body_length"] == len(body)
    assert response.json()["body_sha256"] == hashlib.sha256(body).hexdigest()
    assert response.headers["Location"] == "/api/registry/persons/1"


def test_body_over_the_route_limit_is_413(gateway, make_token):
    response = requests.post(
        f"{gateway}/api/registry/persons",
        data=b"x" * 4_000_001,
        headers={"Authorization": make_token("u-writer")},
        timeout=10,
    )
    assert response.status_code == 413
    assert response.json()["code"] == 413


def test_merged_openapi_has_prefixed_paths_without_internal_ones(gateway):
    spec = requests.get(f"{gateway}/api/openapi.json", timeout=5).json()
    paths = spec["paths"]
    assert paths["/api/registry/persons"]["post"]["x-permission"] == "registry.persons.write"
    assert "/api/registry/persons/{person_id}" in paths
    assert "/api/identity/auth/login" in paths
    assert "/api/notify/persons" in paths
    assert not any("/internal/" in path for path in paths)
    assert not any(path.startswith("/api/crm") for path in paths)  # crm is down
    docs = requests.get(f"{gateway}/api/docs", timeout=5)
    assert docs.status_code == 200 and "/api/openapi.json" in docs.text


def test_chunked_upload_without_length_is_streamed(gateway, make_token):
    parts = [os.urandom(100_000) for _ in range(5)]
    response = requests.post(
        f"{gateway}/api/registry/persons",
        data=iter(parts),  # a generator: requests sends Transfer-Encoding: chunked
        headers={"Authorization": make_token("u-writer")},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    assert response.json()["body_sha256"] == hashlib.sha256(b"".join(parts)).hexdigest()


def test_head_is_allowed_like_get(gateway, make_token):
    response = requests.head(
        f"{gateway}/api/registry/persons", headers={"Authorization": make_token()}, timeout=5
    )
    assert response.status_code == 200
    assert response.content == b""


def test_bodies_of_unknown_length_stream_back_chunked_or_close_delimited(
    make_stack, fake_services, context_keys
):
    expected = b"".join(b"piece-%d;" % i for i in range(1000))
    # The shared fakes speak HTTP/1.0 (body ends when the server closes); this one HTTP/1.1.
    app = fake_services.echo_service_app("notify", context_keys[1].read_text())
    server = fake_services.Server(app, http11=True)
    try:
        stack = make_stack(urls={"upstream_notify": server.url})
        for path in ("/api/registry/stream-out", "/api/notify/stream-out"):
            for _ in range(2):  # the second time over the kept-alive connection
                response = requests.get(stack.url + path, timeout=5)
                assert response.status_code == 200
                assert response.content == expected
        # After a streamed body the kept-alive connection serves the next request cleanly.
        ping = requests.get(f"{stack.url}/api/notify/public/ping", timeout=5)
        assert ping.status_code == 200 and ping.json()["path"] == "/public/ping"
    finally:
        server.stop()
