"""crm's reminders and mail-outs (notify.send_reminder, notify.send_email): built from crm's
contract, sent through the real send queue to an SMTP server the test starts, and answered with
notify.message.sent / failed carrying crm's reference."""

from __future__ import annotations

import dataclasses
import json
from email import message_from_bytes, policy

from notify_testing import apply, person
from sqlalchemy import select, update

from foyer_shared import contracts
from foyer_shared.db import new_id, utcnow
from foyer_shared.messaging import COMMANDS_EXCHANGE
from foyer_testing import outbox_inserts, publish_envelope, running, wait_until
from notify import handlers
from notify.delivery.sender import Sender
from notify.models import Message, SuppressedAddress, messaging
from notify.use_cases import bounces
from notify.worker import commands_consumer


def send_email(person_id, email="kim@example.se", **changes) -> dict:
    data = {
        "message_id": new_id(),
        "mailout_id": new_id(),
        "person_id": person_id,
        "email": email,
        "subject": "Welcome back, {first_name}",
        "body": "Hi {first_name}! {not a variable}",
        "template": None,
        "variables": {"name": "Kim Ek", "first_name": "Kim", "last_name": "Ek"},
        "sent_by": "Sales",
    }
    return {**data, **changes}


def reminder(person_id, email=None) -> dict:
    return {
        "task_id": new_id(),
        "user_id": new_id(),
        "person_id": person_id,
        "email": email,
        "subject": "Reminder: Call customer – Kim Ek",
        "text": "Call customer (2026-12-05 09:00)\nAbout: Kim Ek",
        "remind_at": "2026-12-05T08:00:00+00:00",
        "contact_id": new_id(),
    }


def messages(db) -> list[Message]:
    with db.read_only() as session:
        return list(session.scalars(select(Message).order_by(Message.created_at)))


def results(db) -> list[dict]:
    with db.read_only() as session:
        bodies = [json.loads(r.body) for r in session.execute(select(messaging.outbox))]
    return [b for b in bodies if b["type"].startswith("notify.message.")]


def send_all(settings, db, port) -> int:
    tuned = dataclasses.replace(settings, smtp_port=port, send_backoff_initial_seconds=60)
    return Sender.for_email(tuned, db).run_once()


def received(handler) -> list:
    return [message_from_bytes(c, policy=policy.default) for _, _, c in handler.received]


def test_a_mailout_recipient_is_mailed_logged_and_reported_sent(settings, db, sink):
    handler, port = sink
    person_id = person(db)
    data = send_email(person_id)
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    [row] = messages(db)
    assert (row.person_id, row.to_address, row.kind, row.state) == (
        person_id,
        "kim@example.se",  # the address crm counted in its preview
        "staff_message",
        "queued",
    )
    assert results(db) == []  # nothing to report before it is sent
    assert send_all(settings, db, port) == 1
    [sent] = received(handler)
    assert sent["To"] == "kim@example.se" and sent["Subject"] == "Welcome back, Kim"
    assert "Hi Kim! {not a variable}" in sent.get_body(("plain",)).get_content()
    assert sent["List-Unsubscribe"]
    [event] = results(db)
    assert event["type"] == "notify.message.sent"
    assert event["data"] == {
        "message_id": row.id,
        "request_id": data["message_id"],
        "mailout_id": data["mailout_id"],
        "task_id": None,
        "person_id": person_id,
        "channel": "email",
    }
    assert "kim@example.se" not in json.dumps(event) and "Hi Kim" not in json.dumps(event)


def test_the_same_mailout_recipient_twice_is_sent_once(db):
    data = send_email(person(db))
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    assert len(messages(db)) == 1


def test_a_flagged_address_is_suppressed_and_reported_failed(db):
    with db.transaction() as session:
        session.add(SuppressedAddress(address="kim@example.se", channel="email", reason="550"))
    data = send_email(person(db))
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    [row] = messages(db)
    assert row.state == "suppressed"
    [event] = results(db)
    assert event["type"] == "notify.message.failed"
    assert (event["data"]["state"], event["data"]["request_id"]) == (
        "suppressed",
        data["message_id"],
    )
    assert "address flagged" in event["data"]["reason"]


def test_a_refused_recipient_is_reported_bounced(settings, db, sink):
    handler, port = sink
    handler.refuse = lambda address: "550 5.1.1 no such user"
    data = send_email(person(db))
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    send_all(settings, db, port)
    [failed] = [e for e in results(db) if e["type"] == "notify.message.failed"]
    assert (failed["data"]["state"], failed["data"]["mailout_id"]) == (
        "bounced",
        data["mailout_id"],
    )
    assert "550" in failed["data"]["reason"]


def test_a_mailout_naming_the_mailout_template_sends_it(settings, db, sink):
    handler, port = sink
    data = send_email(person(db), template="mailout", subject=None, body=None)
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    send_all(settings, db, port)
    [sent] = received(handler)
    assert sent["Subject"] == "News from us"  # the built-in one, until the owner saves theirs
    text = sent.get_body(("plain",)).get_content()
    assert "Hello Åsa," in text and "Sales" in text
    [event] = results(db)
    assert event["type"] == "notify.message.sent"


def test_a_template_notify_does_not_have_is_not_sent_and_says_why(db):
    data = send_email(person(db), template="spring", subject=None, body=None)
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    [row] = messages(db)
    assert row.state == "failed" and "spring" in row.reason
    [event] = results(db)
    assert (event["type"], event["data"]["state"]) == ("notify.message.failed", "failed")


def test_a_reminder_goes_by_the_assignees_preference_and_is_reported(settings, db, sink):
    handler, port = sink
    data = reminder(person(db))
    apply(db, handlers.on_send_reminder, "notify.send_reminder", **data)
    [row] = messages(db)
    assert (row.kind, row.to_address, row.task_id) == (
        "task_reminder",
        "asa@example.se",
        data["task_id"],
    )
    send_all(settings, db, port)
    [mail_] = received(handler)
    assert "Call customer – Kim Ek" in mail_.get_body(("plain",)).get_content()
    [event] = results(db)
    assert (event["type"], event["data"]["task_id"]) == ("notify.message.sent", data["task_id"])


def test_a_reminder_to_someone_who_wants_none_is_a_suppressed_entry(db):
    data = reminder(person(db, remind_by_email=False, remind_by_sms=False), "asa@example.se")
    apply(db, handlers.on_send_reminder, "notify.send_reminder", **data)
    [row] = messages(db)
    assert (row.state, row.reason) == ("suppressed", "the person wants no reminders")
    [event] = results(db)
    assert (event["type"], event["data"]["state"]) == ("notify.message.failed", "suppressed")


def test_a_reminder_for_a_person_notify_does_not_know_uses_crms_address(db):
    data = reminder(new_id(), "seller@example.se")
    apply(db, handlers.on_send_reminder, "notify.send_reminder", **data)
    [row] = messages(db)
    assert (row.to_address, row.state) == ("seller@example.se", "queued")


def test_commands_over_rabbitmq_once_each_even_when_redelivered(settings, db, sink):
    handler, port = sink
    person_id = person(db)
    envelope = contracts.envelope("notify.send_email", **send_email(person_id))
    with running(commands_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, envelope)
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, envelope)  # the relay again
        wait_until(lambda: len(messages(db)) == 1)
        publish_envelope(
            settings.amqp_url,
            COMMANDS_EXCHANGE,
            contracts.envelope("notify.send_reminder", **reminder(person_id)),
        )
        wait_until(lambda: len(messages(db)) == 2)
    send_all(settings, db, port)
    assert len(received(handler)) == 2
    assert {e["type"] for e in results(db)} == {"notify.message.sent"}


def test_an_address_flagged_while_queued_is_reported_when_the_sender_claims_it(settings, db, sink):
    handler, port = sink
    data = send_email(person(db))
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    with db.transaction() as session:  # bounced elsewhere meanwhile
        session.add(SuppressedAddress(address="kim@example.se", channel="email", reason="550"))
    send_all(settings, db, port)
    assert handler.received == []
    [event] = results(db)
    assert (event["type"], event["data"]["state"]) == ("notify.message.failed", "suppressed")


def test_a_stopped_senders_handed_over_message_is_reported_sent(settings, db, sink):
    _handler, port = sink
    data = send_email(person(db))
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    long_ago = utcnow().replace(year=2020)
    with db.transaction() as session:
        session.execute(
            update(Message).values(
                state="sending", attempts=1, last_attempt_at=long_ago, handed_at=long_ago
            )
        )
    send_all(settings, db, port)  # releases the stale claim: counted as sent
    [event] = results(db)
    assert (event["type"], event["data"]["request_id"]) == (
        "notify.message.sent",
        data["message_id"],
    )


def test_a_bounce_mail_after_sent_is_reported_failed_after_sent(settings, db, sink):
    handler, port = sink
    data = send_email(person(db))
    apply(db, handlers.on_send_email, "notify.send_email", **data)
    send_all(settings, db, port)
    [sent] = received(handler)
    row_id = sent["Message-ID"].strip("<>").split("@")[0]
    dsn = DSN.format(to="kim@example.se", id=row_id).encode()
    assert bounces.bounce_mail_received(db, dsn, "foyer.local") == row_id
    found = {e["type"]: e["data"] for e in results(db)}
    assert set(found) == {"notify.message.sent", "notify.message.failed"}
    assert found["notify.message.failed"]["state"] == "bounced"


DSN = """From: MAILER-DAEMON@mx.example.se
To: no-reply@foyer.local
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.se

Final-Recipient: rfc822; {to}
Action: failed
Status: 5.1.1

--B
Content-Type: text/rfc822-headers

To: {to}
Message-ID: <{id}@foyer.local>

--B--
"""


def test_the_results_of_a_sent_batch_go_in_one_statement(settings, db, sink):
    _, port = sink
    for n in range(3):
        apply(
            db, handlers.on_send_email, "notify.send_email", **send_email(person(db), f"k{n}@x.se")
        )
    with outbox_inserts(db.engine) as seen:
        assert send_all(settings, db, port) == 3
    assert seen == [3]
    assert [e["type"] for e in results(db)] == ["notify.message.sent"] * 3
