"""The CRM through the gateway with the real processes (issue 20): settings → tags → a prospect
from a trial booking → a to-do with a reminder → close with a chained next to-do → a mail-out
to a tag.

Reminders and mail-outs go out through notify, which is built in parallel: this test asserts
the commands the CRM publishes to it (notify.send_reminder, notify.send_email), read from a
queue the test binds on `foyer.commands`; the mail reaching the SMTP sink is notify's test.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
from e2e_accounts import make_account

import foyer_testing as testing
from foyer_shared import contracts
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE, connect

pytestmark = pytest.mark.xdist_group("e2e")


class Api:
    def __init__(self, gateway: str, headers: dict):
        self.gateway, self.headers = gateway, headers

    def __call__(self, method: str, path: str, expect: int = 200, **kwargs):
        response = requests.request(
            method, f"{self.gateway}/api/crm{path}", headers=self.headers, timeout=10, **kwargs
        )
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json()


@pytest.fixture()
def notify_commands(e2e_amqp_url):
    """A queue of our own bound to what the CRM asks notify to do; get(key) -> bodies so far."""
    connection = connect(e2e_amqp_url)
    channel = connection.channel()
    channel.exchange_declare(COMMANDS_EXCHANGE, "direct", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    for key in ("notify.send_reminder", "notify.send_email"):
        channel.queue_bind(queue, COMMANDS_EXCHANGE, key)
    got: list[dict] = []

    def get(routing_key: str) -> list[dict]:
        while True:
            method, _properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                break
            got.append(json.loads(body))
        return [m for m in got if m["type"] == routing_key]

    yield get
    connection.close()


def _manager(gateway: str, owner_headers: dict) -> str:
    password = "a-long-seller-passphrase"
    return make_account(gateway, owner_headers, password, ["manager"], prefix="seller")["id"]


def test_the_sales_follow_up_through_the_gateway(
    gateway, owner_headers, e2e_amqp_url, eventually, notify_commands
):
    crm = Api(gateway, owner_headers)
    # Settings and labels.
    tag = {"name": f"Trial {uuid.uuid4().hex[:6]}", "applies_to": "person"}
    trial = crm("POST", "/tags", 201, json=tag)
    tried = crm("POST", "/history-types", 201, json={"name": f"Tried {uuid.uuid4().hex[:6]}"})
    call = crm("POST", "/task-types", 201, json={"name": f"Call {uuid.uuid4().hex[:6]}"})
    crm(
        "PATCH",
        "/settings",
        json={
            "trial_prospects": True,
            "trial_tag_id": trial["id"],
            "trial_history_type_id": tried["id"],
            "responsible_role": "manager",
        },
    )
    seller = _manager(gateway, owner_headers)

    # A person registered at the desk, then booked on a trial by the booking system.
    email = f"trial-{uuid.uuid4().hex[:6]}@example.se"
    person = requests.post(
        f"{gateway}/api/registry/persons",
        json={"first_name": "Tova", "last_name": "Provare", "email": email},
        headers=owner_headers,
        timeout=10,
    ).json()["id"]
    eventually(lambda: crm("GET", "/contacts", params={"person_id": person}))
    booking = contracts.envelope(
        "booking.trial_booked",
        booking_id=str(uuid.uuid4()),
        person_id=person,
        activity="Spinning 45",
        starts_at=datetime.now(UTC).isoformat(),
    )
    testing.publish_envelope(e2e_amqp_url, EVENTS_EXCHANGE, booking)
    card = eventually(
        lambda: next(iter(crm("GET", "/contacts", params={"tag": trial["id"]})), None)
    )
    assert (card["person_id"], card["status"]) == (person, "prospect")
    [entry] = crm("GET", f"/contacts/{card['id']}/history")
    assert entry["type_id"] == tried["id"] and "Spinning 45" in entry["note"]

    # A to-do with a reminder for the seller (once identity's event has told the CRM of them).
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    todo = {
        "kind": "person",
        "contact_id": card["id"],
        "assignee_user_id": seller,
        "type_id": call["id"],
        "remind_at": soon,
        "note": "Ask how the class went",
    }

    def created():
        response = requests.post(
            f"{gateway}/api/crm/tasks", json=todo, headers=owner_headers, timeout=10
        )
        assert response.status_code in (201, 422), response.text
        return response.json() if response.status_code == 201 else None

    task = eventually(created)
    reminder = eventually(lambda: notify_commands("notify.send_reminder"), timeout=30)[0]
    assert reminder["data"]["task_id"] == task["id"] and reminder["data"]["user_id"] == seller
    assert eventually(lambda: crm("GET", f"/tasks/{task['id']}")["reminded_at"])

    # Close it, writing history, with the next to-do chained in the same request.
    next_week = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    closed = crm(
        "POST",
        f"/tasks/{task['id']}/close",
        json={"history": {"note": "Liked it"}, "next": {"remind_at": next_week}},
    )
    assert closed["task"]["state"] == "done"
    assert (closed["next"]["assignee_user_id"], closed["next"]["state"]) == (seller, "white")
    assert crm("GET", f"/contacts/{card['id']}/history")[0]["note"] == "Liked it"

    # A mail-out to the tag.
    audience = {"tag": [trial["id"]]}
    preview = crm("POST", "/mailouts/preview", json={"audience": audience})
    assert (preview["recipients"], preview["suppressed"]) == (1, 0)
    mailout = crm(
        "POST",
        "/mailouts",
        201,
        json={"audience": audience, "subject": "Welcome back", "body": "Hi {first_name}!"},
    )
    done = eventually(lambda: crm("GET", f"/mailouts/{mailout['id']}")["status"] == "sent")
    assert done
    [mail] = eventually(lambda: notify_commands("notify.send_email"), timeout=30)
    assert (mail["data"]["email"], mail["data"]["person_id"]) == (email, person)
    [recipient] = crm("GET", f"/mailouts/{mailout['id']}/recipients")
    assert recipient["state"] == "handed_to_notify"
    assert recipient["message_id"] == mail["data"]["message_id"]
