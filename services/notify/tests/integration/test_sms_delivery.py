"""SMS through fake providers the test starts (HTTP servers), with the fallback provider."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from foyer_shared.db import new_id
from notify.delivery.sender import Sender
from notify.models import Message
from notify.sinks.sms import SmsSink
from notify.use_cases.queueing import queue


@pytest.fixture(name="providers")
def providers_fixture():
    first, second = SmsSink().start(), SmsSink().start()
    yield first, second
    first.stop(), second.stop()


def sender(settings, db, first, second=None, **changes) -> Sender:
    tuned = dataclasses.replace(
        settings,
        sms_url=first.url,
        sms_fallback_url=second.url if second else "",
        sms_fallback_body="json",
        **changes,
    )
    return Sender.for_sms(tuned, db)


def queued_sms(db, text="Påminnelse: Ring Kim") -> str:
    with db.transaction() as session:
        row = queue(
            session,
            kind="task_reminder",
            channel="sms",
            to_address="+46701234567",
            person_id=new_id(),
            body_text=text,
        )
        session.flush()
        return row.id


def state(db, row_id) -> Message:
    with db.read_only() as session:
        return session.scalars(select(Message).where(Message.id == row_id)).one()


def test_the_first_provider_gets_the_sms_as_a_form(settings, db, providers):
    first, second = providers
    row_id = queued_sms(db)
    sender(settings, db, first, second).run_once()
    assert first.received == [
        {"from": "Foyer", "to": "+46701234567", "message": "Påminnelse: Ring Kim"}
    ]
    assert second.received == []
    found = state(db, row_id)
    assert (found.state, found.provider) == ("sent", "generic")


@pytest.mark.parametrize("status", [429, 503])
def test_a_failing_provider_hands_over_to_the_fallback(settings, db, providers, status):
    first, second = providers
    first.status = status
    row_id = queued_sms(db)
    sender(settings, db, first, second).run_once()
    assert second.received[0]["message"] == "Påminnelse: Ring Kim"  # as JSON
    assert state(db, row_id).state == "sent"


def test_both_failing_is_retried_later_then_a_refusal_fails(settings, db, providers):
    first, second = providers
    first.status = second.status = 503
    row_id = queued_sms(db)
    sender(settings, db, first, second).run_once()
    found = state(db, row_id)
    assert (found.state, found.attempts) == ("queued", 1) and "503" in found.reason
    first.status = 400
    other = queued_sms(db)
    sender(settings, db, first).run_once()
    assert state(db, other).state == "failed" and "400" in state(db, other).reason
