"""Cached decisions: keyed per token and permission, dropped by real events within a second."""

from __future__ import annotations

import uuid

import pytest
import requests

from foyer_shared import contracts
from foyer_shared.access import CONTEXT_HEADER, ContextVerifier
from foyer_testing import wait_until

URL = "/api/registry/persons"


def _get(gateway, token, path=URL, method="GET"):
    return requests.request(method, gateway + path, headers={"Authorization": token}, timeout=5)


def _scopes(response, context_keys, path="/persons"):
    verifier = ContextVerifier(context_keys[1].read_text(), "registry")
    context = verifier.verify(response.json()["headers"][CONTEXT_HEADER], "GET", path)
    return context.scopes


def _payload(event: str, **values) -> dict:
    """The event built from its publisher's contract (contracts/), with those of `values` it
    has fields for."""
    fields = contracts.committed(event)["properties"]
    return contracts.example(event, **{k: v for k, v in values.items() if k in fields})


def _within_one_second(check):
    """Polls until check() is true; the requirement is a deadline, so the test has one."""
    return wait_until(check, timeout=1.0, interval=0.02, message="the change seen")


def test_decisions_are_per_token_and_permission(gateway, stack, make_token, new_user):
    reader, writer = new_user(["registry.persons.read"]), new_user(["registry.persons.write"])
    assert _get(gateway, make_token(reader)).status_code == 200
    # Same route, other user: their own permissions decide, not the cached decision.
    assert _get(gateway, make_token(writer)).status_code == 403
    # Same user, other route permission: refused although GET is cached as allowed.
    assert _get(gateway, make_token(reader), method="POST").status_code == 403
    calls = stack["identity"].calls[reader]
    for _ in range(3):
        assert _get(gateway, make_token(reader)).status_code == 200
    assert stack["identity"].calls[reader] == calls  # served from the caches


@pytest.mark.parametrize(
    "event, data, change, refused",
    [
        ("identity.user.roles_changed", {"roles": [], "staff": False}, "permissions", 403),
        (
            "identity.role.changed",
            {"role_id": "r1", "name": "member", "change": "updated"},
            "permissions",
            403,
        ),
        ("identity.user.deactivated", {"username": "x"}, "status", 401),
        ("identity.user.deleted", {"username": "x"}, "deleted", 401),
        ("identity.session.revoked", {}, "session", 401),
    ],
    ids=["roles-changed", "role-changed", "deactivated", "deleted", "session-revoked"],
)
def test_identity_events_refuse_within_one_second(
    gateway, stack, make_token, new_user, publish, event, data, change, refused
):
    user, sid = new_user(), str(uuid.uuid4())
    token = make_token(user, sid=sid)
    assert _get(gateway, token).status_code == 200
    identity = stack["identity"]
    if change == "permissions":
        identity.users[user]["permissions"] = []
    elif change == "status":
        identity.users[user]["status"] = "deactivated"
    elif change == "deleted":
        del identity.users[user]
    else:
        identity.revoked_sessions.add(sid)
    assert _get(gateway, token).status_code == 200  # still the cached decision: no event yet
    publish(event, _payload(event, user_id=user, person_id=None, session_id=sid, **data))
    assert _within_one_second(lambda: _get(gateway, token).status_code == refused)
    assert sid in identity.sessions_seen  # the token's session was asked about


@pytest.mark.parametrize("event", ["registry.group.membership_changed", "registry.family.changed"])
def test_registry_events_refresh_scopes_within_one_second(
    gateway, stack, make_token, new_user, publish, context_keys, event
):
    person = str(uuid.uuid4())
    registry = stack["stack"].registry
    registry.scopes[person] = {"groups_led": ["g-old"], "family_rights": {}}
    token = make_token(new_user(person_id=person))
    assert _scopes(_get(gateway, token), context_keys)["groups_led"] == ["g-old"]
    registry.scopes[person] = {"groups_led": ["g-new"], "family_rights": {"p2": ["manage"]}}
    assert _scopes(_get(gateway, token), context_keys)["groups_led"] == ["g-old"]  # cached
    publish(event, _payload(event, group_id="g-new", family_id="f1", person_ids=[person]))
    assert _within_one_second(
        lambda: _scopes(_get(gateway, token), context_keys)["groups_led"] == ["g-new"]
    )
    scopes = _scopes(_get(gateway, token), context_keys)
    assert scopes["family_rights"] == {"p2": ["manage"]}
    assert scopes["person_id"] == person  # the registry narrows a scoped caller to this person


def test_scopes_come_from_the_token_pid_or_identity_and_are_empty_without_person(
    gateway, stack, make_token, new_user, context_keys
):
    registry = stack["stack"].registry
    from_token, from_identity = str(uuid.uuid4()), str(uuid.uuid4())
    registry.scopes[from_token] = {"groups_led": ["g-token"], "family_rights": {}}
    registry.scopes[from_identity] = {"groups_led": ["g-identity"], "family_rights": {}}
    token = make_token(new_user(), pid=from_token)
    assert _scopes(_get(gateway, token), context_keys)["groups_led"] == ["g-token"]
    token = make_token(new_user(person_id=from_identity))
    assert _scopes(_get(gateway, token), context_keys)["groups_led"] == ["g-identity"]
    calls = registry.calls["scopes"]
    nobody = _scopes(_get(gateway, make_token(new_user())), context_keys)
    assert nobody == {"groups_led": [], "family_rights": {}}
    requests.get(f"{gateway}/api/registry/public/ping", timeout=5)  # public: no scopes asked
    assert registry.calls["scopes"] == calls


def test_every_event_the_gateway_listens_for_is_declared_by_its_publisher():
    import re

    from gateway.events import BINDINGS

    declared = {s["title"] for s in contracts.read().values() if s["x-kind"] == "event"}
    for binding in BINDINGS:  # topic patterns: * is one word
        pattern = re.compile("^" + re.escape(binding).replace(r"\*", r"[^.]+") + "$")
        assert any(pattern.match(name) for name in declared), binding
