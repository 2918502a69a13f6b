"""The gateway reads the event versions it was written for; any other drops everything."""

from __future__ import annotations

import dataclasses

import pytest

from foyer_shared import contracts
from gateway.cache import TaggedCache
from gateway.events import EventListener
from gateway.gate import Caches


def _caches_holding_two_users() -> Caches:
    caches = Caches(*(TaggedCache(name, 60, 100) for name in ("decisions", "access", "scopes")))
    for user in ("u1", "u2"):
        caches.decisions.put(("token", user), f"caller {user}", tags=[("user", user)])
    return caches


def test_a_known_version_drops_only_what_the_event_names():
    caches = _caches_holding_two_users()
    event = contracts.envelope("identity.session.revoked", user_id="u1", session_id=None)
    EventListener("amqp://unused", caches)._handle(event.to_bytes())
    assert caches.decisions.get(("token", "u1")) is None
    assert caches.decisions.get(("token", "u2")) == "caller u2"


def test_an_unknown_version_drops_every_cached_decision():
    caches = _caches_holding_two_users()
    event = contracts.envelope("identity.session.revoked", user_id="u1", session_id=None)
    newer = dataclasses.replace(event, schema=2)  # its fields may no longer mean the same
    EventListener("amqp://unused", caches)._handle(newer.to_bytes())
    assert len(caches.decisions) == 0


def _heard() -> list[str]:
    """Every declared event the gateway's bindings (topic patterns, * = one word) receive."""
    import re

    from gateway.events import BINDINGS

    patterns = [re.compile("^" + re.escape(b).replace(r"\*", r"[^.]+") + "$") for b in BINDINGS]
    return sorted(
        s["title"]
        for s in contracts.read().values()
        if s["x-kind"] == "event" and any(p.match(s["title"]) for p in patterns)
    )


@pytest.mark.parametrize("event", _heard())
def test_each_event_the_gateway_hears_drops_what_it_names(event):
    caches = _caches_holding_two_users()
    for person in ("p1", "p2"):
        caches.scopes.put(person, f"scopes {person}", tags=[("person", person)])
    fields = contracts.committed(event)["properties"]
    values = {"user_id": "u1", "person_ids": ["p1"]}
    message = contracts.envelope(event, **{k: v for k, v in values.items() if k in fields})
    EventListener("amqp://unused", caches)._handle(message.to_bytes())
    if event == "identity.role.changed":  # any role: every decision may be wrong
        assert len(caches.decisions) == len(caches.scopes) == 0
    elif event.startswith("identity."):
        assert caches.decisions.get(("token", "u1")) is None
        assert caches.decisions.get(("token", "u2")) == "caller u2"
    else:
        assert caches.scopes.get("p1") is None and caches.scopes.get("p2") == "scopes p2"
