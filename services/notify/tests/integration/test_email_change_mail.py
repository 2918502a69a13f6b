"""identity's e-mail change confirmation: composed from the event, delivered to the NEW address
over a real SMTP server the test starts (aiosmtpd)."""

from __future__ import annotations

import dataclasses
from email import message_from_bytes, policy

import pytest

from foyer_shared import contracts
from foyer_shared.db import new_id
from notify import handlers
from notify.delivery.sender import Sender
from notify.sinks import mail

LINK = "http://127.0.0.1:8080/confirm-email?token=secret-token"


@pytest.fixture(name="sink")
def sink_fixture():
    handler = mail.MailSink()
    controller = mail.start(handler)
    yield handler, controller.port
    controller.stop()


def apply(db, handler, type_, **data) -> None:
    with db.transaction() as session:
        handler(session, contracts.envelope(type_, **data))


def test_the_confirmation_reaches_the_new_address_in_the_persons_language(settings, db, sink):
    handler, port = sink
    person_id = new_id()
    fields = {"first_name": "Åsa", "last_name": "Berg", "email": "asa@card.se", "phone": None}
    apply(db, handlers.on_person_created, "registry.person.created",
          person_id=person_id, kind="person", fields=fields)  # fmt: skip
    apply(db, handlers.on_person_updated, "registry.person.updated",
          person_id=person_id, kind="person", changed={"language": "sv"})  # fmt: skip
    apply(
        db,
        handlers.on_email_change_requested,
        "identity.user.email_change_requested",
        user_id=new_id(),
        person_id=person_id,
        username="asa.berg",
        email="asa.ny@example.se",
        link=LINK,
        expires_at="2026-12-06T08:00:00+00:00",
    )
    sender = Sender.for_email(dataclasses.replace(settings, smtp_port=port), db)
    assert sender.run_once() == 1
    [(_, recipients, content)] = handler.received
    assert recipients == ["asa.ny@example.se"]  # never the card's address
    received = message_from_bytes(content, policy=policy.default)
    assert received["Subject"] == "Bekräfta din nya e-postadress"
    assert LINK in received.get_body(("plain",)).get_content()
    assert "List-Unsubscribe" not in received  # account mail, not a mail-out


def test_the_username_copy_follows_a_changed_login_email(db):
    from notify.models import Account

    user_id = new_id()
    apply(db, handlers.on_user_email_changed, "identity.user.email_changed",
          user_id=user_id, person_id=None, username="ny@example.se",
          previous_username="gammal@example.se")  # fmt: skip
    with db.read_only() as session:
        assert session.get(Account, user_id).username == "ny@example.se"
