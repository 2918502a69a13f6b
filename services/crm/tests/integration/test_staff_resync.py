"""The staff resync: identity.accounts.listed mends the copy of staff members, and the worker's
schedule declares crm.on-identity-events before it asks identity (identity.send_accounts)."""

from __future__ import annotations

import dataclasses
import json
import threading

import pika
import pytest
from sqlalchemy import select

from crm import handlers, worker
from crm.models import KnownRole, StaffMember, messaging
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import EVENTS_EXCHANGE, connect
from foyer_testing import publish_envelope, running, wait_until

LISTED = "identity.accounts.listed"
OWNER = new_id()


def account(user_id: str, *roles: str, username: str = "", active: bool = True, person=None):
    return {
        "user_id": user_id,
        "person_id": person,
        "username": username or user_id[:8],
        "roles": list(roles),
        "staff": any(role != "member" for role in roles),
        "active": active,
    }


def snapshot(*accounts: dict, roles=("owner", "manager", "member"), part=1, parts=1):
    return contracts.envelope(
        LISTED,
        snapshot_id=new_id(),
        part=part,
        parts=parts,
        requested_by="crm",
        accounts=list(accounts),
        roles=list(roles),
    )


def apply(db, envelope) -> None:
    with db.transaction() as session:
        handlers.IDENTITY_HANDLERS[LISTED](session, envelope)


def member(db, user_id: str) -> StaffMember | None:
    with db.read_only() as session:
        return session.get(StaffMember, user_id)


def commands(db) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(
            select(messaging.outbox).order_by(messaging.outbox.c.created_at)
        ).all()
    return [json.loads(r.body) for r in rows if r.routing_key == "identity.send_accounts"]


def test_a_snapshot_makes_the_owner_staff_so_they_may_be_assignee(db, call):
    card = call("POST", "/contacts", json={"first_name": "Åsa", "last_name": "Ek"}).json
    body = {"kind": "person", "contact_id": card["id"], "assignee_user_id": OWNER}
    refused = call("POST", "/tasks", json=body)
    assert refused.status_code == 422 and "assignee_user_id" in refused.json["errors"]["json"]
    apply(db, snapshot(account(OWNER, "owner", username="owner")))
    assert call("POST", "/tasks", json=body).status_code == 201
    patched = call("PATCH", f"/contacts/{card['id']}", json={"responsible_user_id": OWNER})
    assert patched.status_code == 200, patched.json


def test_a_snapshot_mends_what_lost_events_left_wrong_and_forgets_nothing(db, add_staff):
    changed = add_staff(None, "trainer")
    absent = add_staff(None, "manager")  # e.g. deleted in identity: kept, as it was
    left, person = new_id(), new_id()
    listed = snapshot(
        account(changed, "manager", "member", username="maja", person=person),
        account(left, "receptionist", active=False),
        roles=("owner", "member", "sales"),
    )
    apply(db, listed)
    apply(db, listed)  # redelivered, or the same part of a second snapshot: nothing twice
    mended = member(db, changed)
    assert (mended.roles, mended.username, mended.person_id, mended.active) == (
        ["manager", "member"],
        "maja",
        person,
        True,
    )
    assert member(db, left).active is False and not member(db, left).holds(None)
    assert member(db, absent).roles == ["manager"] and member(db, absent).active
    with db.read_only() as session:
        assert list(session.scalars(select(KnownRole.name))) == ["sales"]


def test_the_schedule_declares_the_queue_before_it_asks(settings, db):
    connection = connect(settings.amqp_url)
    connection.channel().queue_delete(worker.IDENTITY_EVENTS_QUEUE)
    connection.close()
    away = type(settings).from_env({}, database_url=settings.database_url, amqp_url=_closed_port())
    with pytest.raises(pika.exceptions.AMQPError):
        worker.ask_identity_for_accounts(away, db)
    assert commands(db) == []  # no queue declared: no question asked either

    worker.ask_identity_for_accounts(settings, db)
    [command] = commands(db)
    assert command["data"] == {"requested_by": "crm"} and command["source"] == "crm"
    # No consumer runs yet; the answer waits in the bound queue instead of being dropped.
    publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, snapshot(account(OWNER, "owner")))
    assert _ready(settings.amqp_url, worker.IDENTITY_EVENTS_QUEUE) == 1
    with running(worker.identity_consumer(settings, db), settings.amqp_url):
        wait_until(lambda: member(db, OWNER))
    assert member(db, OWNER).holds(None)


def test_the_schedule_asks_at_start_and_again_after_a_broker_outage(settings, db, monkeypatch):
    calls = []

    def flaky_connect(url):
        calls.append(url)
        if len(calls) == 1:
            raise pika.exceptions.AMQPConnectionError("broker away")
        return connect(url)

    monkeypatch.setattr(worker, "connect", flaky_connect)
    loop = worker.staff_resync_loop(settings, db, retry_seconds=0.05)
    stop = threading.Event()
    thread = threading.Thread(target=loop, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_until(lambda: commands(db))
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive() and len(calls) == 2 and len(commands(db)) == 1


def test_the_schedule_asks_again_every_period(settings, db):
    assert type(settings).from_env({"FOYER_STAFF_RESYNC_HOURS": "6"}).staff_resync_hours == 6
    assert type(settings).from_env({}).staff_resync_hours == 24
    often = dataclasses.replace(settings, staff_resync_hours=0.2 / 3600)  # every 0.2 s
    stop = threading.Event()
    thread = threading.Thread(target=worker.staff_resync_loop(often, db), args=(stop,))
    thread.start()
    try:
        wait_until(lambda: len(commands(db)) >= 2)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def _ready(amqp_url: str, queue: str) -> int:
    connection = connect(amqp_url)
    try:
        return connection.channel().queue_declare(queue, passive=True).method.message_count
    finally:
        connection.close()


def _closed_port() -> str:
    return "amqp://guest:guest@127.0.0.1:1/%2F"
