"""Mail-outs: preview (count and suppressed), send to a tag, progress, per-recipient results,
the notify commands the worker writes; bad input; permission."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from crm import handlers
from crm.models import messaging
from crm.use_cases import mailouts
from foyer_shared.db import new_id


def commands(db) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    return [json.loads(r.body)["data"] for r in rows if r.routing_key == "notify.send_email"]


@pytest.fixture()
def tagged(call, db, events):
    """Four cards tagged Gold: two with good addresses (one written twice), one without, one
    whose address bounced; one more card not tagged."""
    gold = call.ok("POST", "/tags", 201, json={"name": "Gold", "applies_to": "person"})["id"]
    ids = {}
    for name, email in [
        ("Åsa", "asa@example.se"),
        ("Bo", "bo@example.se"),
        ("Bo2", "BO@example.se"),
        ("Cia", None),
        ("Dan", "dan@example.se"),
    ]:
        card = call.ok("POST", "/contacts", 201, json={"first_name": name, "email": email})
        ids[name] = card
        call.ok("PATCH", f"/contacts/{card['id']}", json={"tag_ids": [gold]})
    with db.transaction() as session:
        handlers.on_person_updated(
            session, events.person_updated(ids["Dan"]["person_id"], bad_address=True)
        )
    call.ok("POST", "/contacts", 201, json={"first_name": "Untagged", "email": "u@example.se"})
    return gold, ids


def test_preview_counts_recipients_and_says_who_is_suppressed(call, tagged):
    gold, _ = tagged
    preview = call.ok("POST", "/mailouts/preview", json={"audience": {"tag": [gold]}})
    assert (preview["recipients"], preview["suppressed"]) == (2, 3)
    reasons = {s["name"]: s["reason"] for s in preview["suppressed_examples"]}
    assert set(reasons.values()) == {"no_email", "bad_address", "duplicate_address"}
    assert reasons["Cia"] == "no_email" and reasons["Dan"] == "bad_address"
    everyone = call.ok("POST", "/mailouts/preview", json={})
    assert everyone["recipients"] == 3


def test_send_to_a_tag_then_the_worker_hands_each_to_notify_once(call, db, tagged):
    gold, ids = tagged
    body = {"audience": {"tag": [gold]}, "subject": "Spring offer", "body": "Hi {first_name}"}
    mailout = call.ok("POST", "/mailouts", 201, json=body)
    assert (mailout["status"], mailout["total"], mailout["suppressed"], mailout["pending"]) == (
        "sending",
        5,
        3,
        2,
    )
    assert mailouts.send_pending(db, limit=1) == 1
    assert call.ok("GET", f"/mailouts/{mailout['id']}")["handed"] == 1
    assert mailouts.send_pending(db) == 1 and mailouts.send_pending(db) == 0
    done = call.ok("GET", f"/mailouts/{mailout['id']}")
    assert (done["status"], done["handed"], done["pending"]) == ("sent", 2, 0)
    sent = commands(db)
    assert sorted(c["email"] for c in sent) == ["asa@example.se", "bo@example.se"]
    assert {c["mailout_id"] for c in sent} == {mailout["id"]}
    asa = next(c for c in sent if c["email"] == "asa@example.se")
    assert (asa["person_id"], asa["variables"]["first_name"]) == (ids["Åsa"]["person_id"], "Åsa")
    results = call.ok("GET", f"/mailouts/{mailout['id']}/recipients?page_size=10")
    assert {r["state"] for r in results} == {"handed_to_notify", "suppressed"}
    handed = call.ok("GET", f"/mailouts/{mailout['id']}/recipients?state=handed_to_notify")
    assert {r["message_id"] for r in handed} == {c["message_id"] for c in sent}
    assert [m["id"] for m in call.ok("GET", "/mailouts")] == [mailout["id"]]


def test_a_template_instead_of_a_text(call, db, tagged):
    mailout = call.ok(
        "POST", "/mailouts", 201, json={"audience": {"status": ["prospect"]}, "template": "spring"}
    )
    mailouts.send_pending(db)
    assert {c["template"] for c in commands(db)} == {"spring"}
    assert call.ok("GET", f"/mailouts/{mailout['id']}")["status"] == "sent"


def test_bad_input_names_the_field(call):
    for body, field in [
        ({"subject": "x"}, "body"),
        ({"body": "x"}, "subject"),
        ({"body": "x", "subject": "y", "template": "z"}, "template"),
        ({"audience": {"tag": [new_id()]}, "template": "z"}, "tag"),
        ({"audience": {"status": ["lost"]}, "template": "z"}, "audience"),
    ]:
        response = call("POST", "/mailouts", json=body)
        assert response.status_code == 422, body
        assert field in response.json["errors"]["json"], response.json
    assert call("GET", f"/mailouts/{new_id()}").status_code == 404
    assert call("GET", f"/mailouts/{new_id()}/recipients").status_code == 404


def test_sending_needs_crm_mailouts_send(call):
    response = call("POST", "/mailouts/preview", "crm.contacts.write", json={})
    assert response.status_code == 403 and "crm.mailouts.send" in response.json["message"]
