"""The gateway reads the event versions it was written for; any other drops everything."""

from __future__ import annotations

import dataclasses

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
