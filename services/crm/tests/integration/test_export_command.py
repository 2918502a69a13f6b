"""crm.export_personal_data: the CRM's part of a GDPR export, handler and real RabbitMQ."""

from __future__ import annotations

import json

from sqlalchemy import select

from crm import handlers
from crm.models import messaging
from crm.worker import commands_consumer
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.envelope import Envelope
from foyer_shared.messaging import COMMANDS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until


def command(person_id: str, export_id: str = "e1") -> Envelope:
    return contracts.envelope("crm.export_personal_data", export_id=export_id, person_id=person_id)


def answers(db) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    return [json.loads(r.body) for r in rows if r.routing_key == "crm.personal_data.exported"]


def test_export_answers_with_the_contact(db, events):
    person = new_id()
    with db.transaction() as session:
        handlers.on_person_created(session, events.person_created(person))
        handlers.on_export_requested(session, command(person))
    [answer] = answers(db)
    assert answer["data"]["export_id"] == "e1" and answer["data"]["person_id"] == person
    [contact] = answer["data"]["data"]["contacts"]
    assert (contact["last_name"], contact["status"]) == ("Lindström", "prospect")


def test_export_of_an_unknown_person_answers_with_nothing_held(db):
    with db.transaction() as session:
        handlers.on_export_requested(session, command(new_id()))
    assert answers(db)[0]["data"]["data"] == {"contacts": [], "tasks": [], "history": []}


def test_export_command_through_rabbitmq(settings, db):
    envelope = command(new_id(), "e9")
    with running(commands_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, envelope)
        answer = wait_until(lambda: answers(db))[0]
    assert answer["data"]["export_id"] == "e9"
