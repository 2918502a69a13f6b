"""Identity, registry, instances and the broker failing: fail closed, fast, and recover."""

from __future__ import annotations

import concurrent.futures
import socket
import time
import urllib.parse

import requests

from foyer_testing import wait_until

PING = "/api/registry/public/ping"
PERSONS = "/api/registry/persons"


def _get(url, token=None):
    return requests.get(url, headers={"Authorization": token} if token else {}, timeout=10)


def _add_user(stack, user_id, person_id=None):
    stack.identity.users[user_id] = {
        "permissions": ["*"],
        "status": "active",
        "roles": ["owner"],
        "person_id": person_id,
    }


def test_identity_down_serves_cached_callers_and_refuses_others_503(make_stack, make_token):
    stack = make_stack()
    _add_user(stack, "u-known")
    _add_user(stack, "u-late")
    assert _get(stack.url + PERSONS, make_token("u-known")).status_code == 200
    stack.servers["identity"].stop()
    assert _get(stack.url + PERSONS, make_token("u-known")).status_code == 200
    started = time.monotonic()
    refused = _get(stack.url + PERSONS, make_token("u-late"))
    assert refused.status_code == 503, refused.text
    assert refused.headers["Retry-After"]
    assert "identity" in refused.json()["message"]
    assert time.monotonic() - started < 2.5  # the 2 s identity timeout bounds it


def test_registry_down_refuses_callers_whose_scopes_are_unknown(make_stack, make_token):
    stack = make_stack()
    _add_user(stack, "u-with-person", person_id="p-1")
    _add_user(stack, "u-without-person")
    stack.servers["registry"].stop()
    # notify is up, but the caller's scopes cannot be read: fail closed rather than guess.
    refused = _get(stack.url + "/api/notify/persons", make_token("u-with-person"))
    assert refused.status_code == 503 and "scopes" in refused.json()["message"]
    assert _get(stack.url + "/api/notify/persons", make_token("u-without-person")).ok


def test_round_robin_over_instances_skips_a_dead_one(make_stack, make_token):
    stack = make_stack(instances={"registry": 2}, dead={"registry": 1})
    seen = []
    for _ in range(6):
        started = time.monotonic()
        response = _get(stack.url + PING)
        assert response.status_code == 200, response.text
        assert time.monotonic() - started < 1
        seen.append(response.json()["instance"])
    assert set(seen) == {"registry-0", "registry-1"}
    dead = stack.settings.upstreams()["registry"][-1]
    balancer = stack.parts.proxy._balancer
    assert balancer.is_down(dead)
    health = requests.get(stack.internal_url + "/health", timeout=5).json()["errors"]["upstreams"]
    assert health["registry"].startswith("ready (") and dead in health["registry"]
    assert health["crm"].startswith("down")
    metrics = requests.get(stack.internal_url + "/metrics", timeout=5).text
    assert f'foyer_gateway_upstream_healthy{{route="registry",upstream="{dead}"}} 0.0' in metrics
    _add_user(stack, "u-poster")
    # A POST is sent again elsewhere only when it never left: a refused connection.
    for _ in range(3):
        created = requests.post(
            stack.url + PERSONS,
            json={"a": 1},
            timeout=5,
            headers={"Authorization": make_token("u-poster")},
        )
        assert created.status_code == 201, created.text


def test_a_slow_service_cannot_take_every_thread(make_stack):
    routes = urllib.parse.unquote(
        "[defaults]%0Aconnect_timeout = 0.5%0Aread_timeout = 3.0%0A"
        "[routes.identity]%0A[routes.registry]%0Amax_in_flight = 2%0A"
        "[routes.crm]%0A[routes.imports]%0A[routes.notify]%0A"
    )
    stack = make_stack(routes=routes)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        slow = [pool.submit(_get, stack.url + "/api/registry/slow") for _ in range(2)]
        wait_until(lambda: stack.registry.calls["slow"] == 2, message="both waiting upstream")
        started = time.monotonic()
        busy = _get(stack.url + PING)
        other = _get(stack.url + "/api/notify/public/ping")
        elapsed = time.monotonic() - started
        assert [f.result().status_code for f in slow] == [200, 200]
    assert busy.status_code == 503 and busy.headers["Retry-After"]
    assert "busy" in busy.json()["message"]
    assert other.status_code == 200
    assert elapsed < 1


def test_event_consumer_reconnects_and_distrusts_the_cache_while_away(
    make_stack, make_token, amqp_url, relay_factory, publish
):
    parsed = urllib.parse.urlsplit(amqp_url)
    relay = relay_factory(parsed.hostname, parsed.port or 5672)
    via_relay = amqp_url.replace(parsed.netloc, f"guest:guest@127.0.0.1:{relay.port}")
    stack = make_stack(amqp_url=via_relay, cache_degraded_ttl_seconds=0.3)
    events, decisions = stack.parts.events, stack.parts.caches.decisions
    _add_user(stack, "u-away")
    token = make_token("u-away")
    assert _get(stack.url + PERSONS, token).status_code == 200
    relay.cut()  # the broker goes away
    wait_until(lambda: not decisions.trusted, timeout=5, message="the cache distrusted")
    assert not decisions.trusted and not events.connected.is_set()
    # Events may be missed now: entries are believed only briefly (0.3 s), then asked again.
    stack.identity.users["u-away"]["permissions"] = []

    def refused() -> bool:
        return _get(stack.url + PERSONS, token).status_code == 403

    wait_until(refused, timeout=0.4, message="an entry believed no longer than 0.3 s")
    relay.restore()
    assert events.connected.wait(15), "the consumer did not reconnect"
    assert decisions.trusted and len(decisions) == 0  # emptied on reconnect
    stack.identity.users["u-away"]["permissions"] = ["*"]
    assert _get(stack.url + PERSONS, token).status_code == 200
    stack.identity.users["u-away"]["permissions"] = []
    publish("identity.user.roles_changed", {"user_id": "u-away", "roles": [], "staff": False})
    wait_until(refused, timeout=1, interval=0.02, message="the event after reconnect applied")


def test_identity_with_a_dead_first_instance_still_verifies_and_answers(
    make_stack, make_token, fake_services, context_keys, token_key
):
    identity = fake_services.Server(
        fake_services.identity_app(token_key.public_key(), context_keys[1].read_text())
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        stack = make_stack(urls={"upstream_identity": f"{dead},{identity.url}"})
        response = _get(stack.url + PERSONS, make_token("u-reader"))
        assert response.status_code == 200, response.text  # keys and access from the live one
    finally:
        identity.stop()
