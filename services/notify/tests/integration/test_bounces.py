"""Bounces after sending: a real DSN bounce mail at notify's inbound SMTP endpoint, and an SMS
provider's failure report on the signed callback URL."""

from __future__ import annotations

import dataclasses
import json
import smtplib
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update

from foyer_shared.db import new_id, utcnow
from notify.delivery.sms_channel import callback_url
from notify.inbound import serve
from notify.models import Message, SuppressedAddress, messaging
from notify.sinks.mail import free_port
from notify.use_cases.queueing import queue

# A DSN as Postfix writes it (RFC 3464), about a message notify sent.
DSN = """From: MAILER-DAEMON@mx.example.se (Mail Delivery System)
To: no-reply@foyer.local
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.se
Arrival-Date: Mon, 30 Nov 2026 10:00:00 +0100

Final-Recipient: rfc822; {to}
Original-Recipient: rfc822;{to}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{to}>: Recipient address rejected: User unknown

--B
Content-Type: text/rfc822-headers

From: Foyer <no-reply@foyer.local>
To: {to}
Subject: Hej
Message-ID: <{message_id}@foyer.local>

--B--
"""


def sent_message(db, to="gone@example.se", channel="email") -> str:
    with db.transaction() as session:
        row = queue(
            session,
            kind="staff_message",
            channel=channel,
            to_address=to,
            person_id=new_id(),
            subject="Hej",
            body_text="Hej",
        )
        session.flush()
        session.execute(
            update(Message)
            .where(Message.id == row.id)
            .values(state="sent", sent_at=utcnow(), attempts=1)
        )
        return row.id


def message(db, row_id) -> Message:
    with db.read_only() as session:
        return session.scalars(select(Message).where(Message.id == row_id)).one()


@pytest.fixture(name="inbound")
def inbound_fixture(settings, db):
    port, stop = free_port(), threading.Event()
    tuned = dataclasses.replace(settings, inbound_smtp_port=port)
    thread = threading.Thread(target=serve, args=(tuned, db, stop), daemon=True)
    thread.start()
    yield port
    stop.set()
    thread.join(timeout=10)


def deliver_dsn(port: int, content: str) -> None:
    for _ in range(100):  # the endpoint starts in its thread
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
                client.sendmail("", ["bounces@foyer.local"], content.encode())
            return
        except ConnectionRefusedError:
            threading.Event().wait(0.05)
    raise AssertionError("the inbound endpoint did not start")


def test_a_dsn_bounce_mail_marks_the_message_and_flags_the_address(db, inbound):
    row_id = sent_message(db)
    deliver_dsn(inbound, DSN.format(to="gone@example.se", message_id=row_id))
    found = message(db, row_id)
    assert found.state == "bounced" and "5.1.1" in found.reason
    with db.read_only() as session:
        assert session.get(SuppressedAddress, "gone@example.se").message_id == row_id
        [event] = [json.loads(r.body) for r in session.execute(select(messaging.outbox))]
    assert (event["type"], event["data"]["message_id"]) == ("notify.address.bounced", row_id)


def test_a_delay_report_changes_nothing(db, inbound):
    row_id = sent_message(db)
    delayed = DSN.format(to="gone@example.se", message_id=row_id).replace(
        "Action: failed\nStatus: 5.1.1", "Action: delayed\nStatus: 4.4.1"
    )
    deliver_dsn(inbound, delayed)
    deliver_dsn(inbound, "Subject: hello\n\nnot a bounce\n")
    assert message(db, row_id).state == "sent"


def test_an_sms_providers_failure_report_bounces_with_a_valid_token_only(client, settings, db):
    secret = dataclasses.replace(settings, sms_callback_secret="s3cret")
    row_id = sent_message(db, to="+46701234567", channel="sms")
    url = urlsplit(callback_url(secret, row_id))
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    app_settings = client.application.extensions["foyer_settings"]
    client.application.extensions["foyer_settings"] = secret
    try:
        forged = client.post(
            "/callbacks/sms", query_string={**query, "token": "x" * 32}, data={"status": "failed"}
        )
        assert forged.status_code == 422
        good = client.post("/callbacks/sms", query_string=query, data={"status": "failed"})
        assert good.status_code == 204
    finally:
        client.application.extensions["foyer_settings"] = app_settings
    assert message(db, row_id).state == "bounced"
