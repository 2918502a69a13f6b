"""The CRM's staff resync with the real processes (issue 20): accounts whose identity events
never reached the CRM — the owner made at start-up, before the CRM's queue existed, and an
account made while that queue was gone — become staff once the CRM's worker starts (it asks
identity.send_accounts; identity answers identity.accounts.listed), so the owner can be made a
to-do's assignee and a card's responsible through the gateway."""

from __future__ import annotations

import uuid

import pytest
import requests
from sqlalchemy import create_engine, text

from foyer_shared.messaging import connect

pytestmark = pytest.mark.xdist_group("e2e")

IDENTITY_EVENTS_QUEUE = "crm.on-identity-events"
# identity's one queue for the registry's events and the commands it is sent (send_accounts).
IDENTITY_QUEUE = "identity.on-registry-events"


def _waiting(amqp_url: str, *queues: str) -> dict[str, int]:
    """Messages ready in each queue (a passive declare: the queue is never made here)."""
    connection = connect(amqp_url)
    try:
        channel = connection.channel()
        return {q: channel.queue_declare(q, passive=True).method.message_count for q in queues}
    finally:
        connection.close()


def _call(gateway: str, headers: dict, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{gateway}/api{path}", headers=headers, timeout=10, **kwargs)


def _user_id(gateway: str, headers: dict, username: str) -> str:
    found = _call(gateway, headers, "GET", f"/identity/users?username={username}").json()
    return next(user["id"] for user in found if user["username"] == username)


def _manager(gateway: str, headers: dict) -> str:
    username = f"resync{uuid.uuid4().hex[:6]}"
    made = _call(
        gateway,
        headers,
        "POST",
        "/identity/users",
        json={
            "username": username,
            "email": f"{username}@example.se",
            "password": "a-long-manager-passphrase",
            "roles": ["manager"],
        },
    )
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _sql(stack, service: str, sql: str, **params):
    engine = create_engine(stack.service_env[service]["DATABASE_URL"])
    try:
        with engine.begin() as connection:
            result = connection.execute(text(sql), params)
            return result.scalar() if result.returns_rows else result.rowcount
    finally:
        engine.dispose()


def _forget_in_crm(stack, user_id: str) -> None:
    """The CRM's copy as on a fresh install: identity's event about the owner never came."""
    _sql(stack, "crm", "DELETE FROM staff_members WHERE user_id = :id", id=user_id)


@pytest.mark.timeout(300)
def test_accounts_whose_events_were_lost_become_staff_when_the_crm_worker_starts(
    stack, gateway, owner_headers, e2e_amqp_url, eventually
):
    # A quiet start: earlier tests' imports leave identity thousands of person events to work
    # through, and the resync command would wait behind them (the test is about lost events).
    eventually(lambda: not any(_waiting(e2e_amqp_url, IDENTITY_QUEUE).values()), timeout=150)
    # Every staff member may be responsible or assignee (the CRM flow test narrows it to
    # managers on this shared stack; the owner holds `owner`).
    before = _call(gateway, owner_headers, "GET", "/crm/settings").json()["responsible_role"]
    widened = _call(
        gateway, owner_headers, "PATCH", "/crm/settings", json={"responsible_role": None}
    )
    assert widened.status_code == 200, widened.text
    try:
        _resync_makes_them_staff(stack, gateway, owner_headers, e2e_amqp_url, eventually)
    finally:
        _call(gateway, owner_headers, "PATCH", "/crm/settings", json={"responsible_role": before})


def _resync_makes_them_staff(stack, gateway, owner_headers, e2e_amqp_url, eventually) -> None:
    owner = _user_id(gateway, owner_headers, "owner")
    card = _call(gateway, owner_headers, "POST", "/crm/contacts", json={"first_name": "Resync"})
    assert card.status_code == 201, card.text
    card_id = card.json()["id"]
    to_do = {"kind": "person", "contact_id": card_id, "assignee_user_id": owner}

    stack.kill("crm", "worker")
    try:
        # No CRM queue for identity's events: what identity publishes now is dropped.
        connection = connect(e2e_amqp_url)
        connection.channel().queue_delete(IDENTITY_EVENTS_QUEUE)
        connection.close()
        _forget_in_crm(stack, owner)
        manager = _manager(gateway, owner_headers)
        # Its identity.user.created has left identity's outbox: dropped for the CRM, not late.
        unsent = "SELECT count(*) FROM outbox WHERE published_at IS NULL"
        eventually(lambda: _sql(stack, "identity", unsent) == 0, timeout=30)
        refused = _call(gateway, owner_headers, "POST", "/crm/tasks", json=to_do)
        assert refused.status_code == 422, refused.text
        assert "assignee_user_id" in refused.json()["errors"]["json"]
    finally:
        stack.start_worker("crm")

    def assigned():
        made = _call(gateway, owner_headers, "POST", "/crm/tasks", json=to_do)
        assert made.status_code in (201, 422), made.text
        return made.json() if made.status_code == 201 else None

    try:
        task = eventually(assigned, timeout=60)
    except AssertionError:
        queues = (IDENTITY_QUEUE, IDENTITY_EVENTS_QUEUE)
        waiting = _waiting(e2e_amqp_url, *queues)
        raise AssertionError(f"not staff within 60 s; waiting: {waiting}") from None
    assert task["assignee_user_id"] == owner
    mine = _call(gateway, owner_headers, "GET", f"/crm/tasks?contact_id={card_id}").json()
    assert [t["id"] for t in mine] == [task["id"]]
    for responsible in (owner, manager):
        patched = _call(
            gateway,
            owner_headers,
            "PATCH",
            f"/crm/contacts/{card_id}",
            json={"responsible_user_id": responsible},
        )
        assert patched.status_code == 200, patched.text
        assert patched.json()["responsible_user_id"] == responsible
