"""Mail-outs: preview (count and suppressed), send to a tag, progress, per-recipient results,
the notify commands the worker writes, notify's answers (sent, failed); bad input; permission."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from crm import handlers
from crm.models import messaging
from crm.use_cases import mailouts
from crm.worker import notify_consumer
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import outbox_inserts, publish_envelope, running, wait_until


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


def test_the_worker_writes_a_chunks_commands_in_one_statement(call, db, tagged):
    gold, _ = tagged
    call.ok(
        "POST", "/mailouts", 201, json={"audience": {"tag": [gold]}, "subject": "S", "body": "B"}
    )
    with outbox_inserts(db.engine) as seen:
        assert mailouts.send_pending(db) == 2
    assert seen == [2]


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


def test_a_refusal_reads_in_swedish_when_asked(call):
    headers = {**call.as_staff("POST", "/mailouts", *call.permissions), "Accept-Language": "sv"}
    response = call.client.post("/mailouts", json={"body": "Hej!"}, headers=headers)
    assert response.status_code == 422
    assert response.json["errors"]["json"]["subject"] == [
        "ett e-postmeddelande med fritext behöver en ämnesrad"
    ]
    english = call("POST", "/mailouts", json={"body": "Hej!"}).json["errors"]["json"]
    assert english["subject"] == ["a free-text e-mail needs a subject"]


def test_sending_needs_crm_mailouts_send(call):
    response = call("POST", "/mailouts/preview", "crm.contacts.write", json={})
    assert response.status_code == 403 and "crm.mailouts.send" in response.json["message"]


def _result(command: dict, sent: bool, **failure):
    """notify's answer to one notify.send_email, built from notify's contract."""
    fields = {
        "message_id": new_id(),
        "request_id": command["message_id"],
        "mailout_id": command["mailout_id"],
        "task_id": None,
        "person_id": command["person_id"],
        "channel": "email",
    }
    if sent:
        return contracts.envelope("notify.message.sent", **fields)
    return contracts.envelope("notify.message.failed", **fields, **failure)


def _handle(db, envelope) -> None:
    with db.transaction() as session:
        handlers.NOTIFY_HANDLERS[envelope.type](session, envelope)


def _handed(call, db, tagged) -> tuple[str, dict, dict]:
    gold, _ = tagged
    body = {"audience": {"tag": [gold]}, "subject": "Spring offer", "body": "Hi {first_name}"}
    mailout = call.ok("POST", "/mailouts", 201, json=body)
    mailouts.send_pending(db)
    asa, bo = sorted(commands(db), key=lambda c: c["email"].lower())  # Bo or Bo2: one of them
    return mailout["id"], asa, bo


def test_notifys_results_count_as_sent_and_failed_per_recipient(call, db, tagged):
    mailout_id, asa, bo = _handed(call, db, tagged)
    _handle(db, _result(asa, sent=True))
    _handle(db, _result(bo, sent=False, state="bounced", reason="550 5.1.1 no such user"))
    progress = call.ok("GET", f"/mailouts/{mailout_id}")
    assert (progress["sent"], progress["failed"], progress["handed"]) == (1, 1, 0)
    listed = call.ok("GET", f"/mailouts/{mailout_id}/recipients?page_size=10")
    recipients = {r["message_id"]: r for r in listed}
    assert recipients[asa["message_id"]]["state"] == "sent"
    assert recipients[asa["message_id"]]["result_at"]
    assert recipients[bo["message_id"]]["state"] == "failed"
    assert recipients[bo["message_id"]]["result_reason"] == "bounced: 550 5.1.1 no such user"
    failed = call.ok("GET", f"/mailouts/{mailout_id}/recipients?state=failed")
    assert [r["message_id"] for r in failed] == [bo["message_id"]]


def test_a_bounce_after_sent_wins_and_a_late_sent_changes_nothing(call, db, tagged):
    mailout_id, asa, _bo = _handed(call, db, tagged)
    _handle(db, _result(asa, sent=True))
    _handle(db, _result(asa, sent=False, state="bounced", reason="bounce 5.1.1"))
    _handle(db, _result(asa, sent=True))  # redelivered late: the failure stays
    progress = call.ok("GET", f"/mailouts/{mailout_id}")
    assert (progress["sent"], progress["failed"], progress["handed"]) == (0, 1, 1)


def test_results_of_reminders_or_unknown_recipients_change_nothing(call, db, tagged):
    mailout_id, asa, _bo = _handed(call, db, tagged)
    _handle(db, _result({**asa, "message_id": new_id()}, sent=True))
    _handle(db, _result({**asa, "mailout_id": None, "message_id": None}, sent=True))
    assert call.ok("GET", f"/mailouts/{mailout_id}")["handed"] == 2


def test_results_arrive_over_rabbitmq_on_the_crms_own_queue(call, db, settings, tagged):
    mailout_id, asa, bo = _handed(call, db, tagged)
    with running(notify_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, _result(asa, sent=True))
        failed = _result(bo, sent=False, state="suppressed", reason="address flagged: 550")
        publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, failed)
        wait_until(lambda: call.ok("GET", f"/mailouts/{mailout_id}")["handed"] == 0)
    progress = call.ok("GET", f"/mailouts/{mailout_id}")
    assert (progress["sent"], progress["failed"]) == (1, 1)
