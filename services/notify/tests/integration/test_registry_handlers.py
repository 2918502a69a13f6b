"""Erasure, merge and GDPR export in notify: handlers on PostgreSQL, consumers on RabbitMQ."""

from __future__ import annotations

import json

import pytest
from notify_testing import apply
from sqlalchemy import select

from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import COMMANDS_EXCHANGE, EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from notify import handlers
from notify.models import Message, messaging
from notify.worker import commands_consumer, registry_consumer


def message(db, person_id, to="asa@example.se", subject="Välkommen"):
    with db.transaction() as session:
        session.add(Message(person_id=person_id, channel="email", to_address=to, subject=subject))


def messages(db) -> list[Message]:
    with db.read_only() as session:
        return list(session.scalars(select(Message).order_by(Message.to_address)))


def outbox(db) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    return [json.loads(r.body) for r in rows]


def test_deleted_person_is_anonymised_others_untouched(db):
    gone, stays = new_id(), new_id()
    message(db, gone)
    message(db, stays, to="kim@example.se")
    apply(db, handlers.on_person_deleted, "registry.person.deleted", person_id=gone)
    apply(db, handlers.on_person_deleted, "registry.person.deleted", person_id=gone)
    erased, kept = messages(db)
    assert (erased.to_address, erased.subject, erased.person_id) == ("(erased)", None, None)
    assert (kept.to_address, kept.person_id) == ("kim@example.se", stays)


def test_persons_deleted_together_are_anonymised_others_untouched(db):
    gone, stays = [new_id(), new_id()], new_id()
    for person_id in gone:
        message(db, person_id)
    message(db, stays, to="kim@example.se")
    apply(db, handlers.on_persons_deleted, "registry.persons.deleted", person_ids=gone)
    assert sorted(m.to_address for m in messages(db)) == ["(erased)", "(erased)", "kim@example.se"]
    assert [m.person_id for m in messages(db) if m.person_id] == [stays]


def test_merged_person_messages_follow_the_kept_id(db):
    kept, removed = new_id(), new_id()
    message(db, removed)
    apply(db, handlers.on_person_merged, "registry.person.merged", kept_id=kept, removed_id=removed)
    assert [m.person_id for m in messages(db)] == [kept]


def test_export_command_answers_with_the_persons_messages(db):
    person, other = new_id(), new_id()
    message(db, person)
    message(db, other, to="other@example.se")
    apply(
        db,
        handlers.on_export_requested,
        "notify.export_personal_data",
        export_id="e1",
        person_id=person,
    )
    [answer] = outbox(db)
    assert answer["type"] == "notify.personal_data.exported"
    assert answer["data"]["export_id"] == "e1" and answer["data"]["person_id"] == person
    assert [m["to_address"] for m in answer["data"]["data"]["messages"]] == ["asa@example.se"]


@pytest.fixture(name="consumers")
def consumers_fixture(settings, db):
    with (
        running(registry_consumer(settings, db), settings.amqp_url),
        running(commands_consumer(settings, db), settings.amqp_url),
    ):
        yield


def test_deletion_and_export_through_rabbitmq(settings, db, consumers):
    person = new_id()
    message(db, person)
    publish_envelope(
        settings.amqp_url,
        COMMANDS_EXCHANGE,
        contracts.envelope("notify.export_personal_data", export_id="e2", person_id=person),
    )
    wait_until(lambda: outbox(db))
    publish_envelope(
        settings.amqp_url,
        EVENTS_EXCHANGE,
        contracts.envelope("registry.person.deleted", person_id=person),
    )
    wait_until(lambda: messages(db)[0].to_address == "(erased)")


def test_a_person_created_with_a_language_and_sms_reminders_is_known_so_from_the_start(db):
    from notify.models import Contact

    person_id = new_id()
    facts = {
        "first_name": "Jana",
        "last_name": "Nováková",
        "email": "jana@example.cz",
        "phone": None,
        "mobile_phone": "+420601123456",
        "language": "cs",
        "remind_by_email": False,
        "remind_by_sms": True,
    }
    apply(
        db,
        handlers.on_person_created,
        "registry.person.created",
        person_id=person_id,
        kind="person",
        fields=facts,
    )
    with db.read_only() as session:
        contact = session.get(Contact, person_id)
        assert (contact.language, contact.mobile_phone) == ("cs", "+420601123456")
        assert (contact.remind_by_email, contact.remind_by_sms) == (False, True)


def test_an_import_batch_makes_its_contacts_at_once_as_one_by_one_would(db):
    """registry.persons.imported: new persons become contacts with the registry's defaults, a
    company's name is its last name, and a person notify knew already takes the new facts."""
    from notify_testing import person

    from notify.models import Contact

    known = person(db, language="sv")  # Åsa Berg, asa@example.se
    new, company = new_id(), new_id()
    facts = {"first_name": "Kim", "last_name": "Lund", "email": "kim@example.se", "phone": None}
    persons = [
        {"person_id": new, "kind": "person", "fields": {**facts, "remind_by_sms": True}},
        {
            "person_id": company,
            "kind": "company",
            "fields": {**facts, "first_name": None, "last_name": None, "company_name": "AB"},
        },
        {"person_id": known, "kind": "person", "fields": {**facts, "first_name": "Åse"}},
    ]
    imported = "registry.persons.imported"
    apply(db, handlers.on_persons_imported, imported, job_id="j", persons=persons)
    with db.read_only() as session:
        contacts = {c.person_id: c for c in session.scalars(select(Contact))}
    kim = contacts[new]
    assert (kim.first_name, kim.last_name, kim.email, kim.language) == (
        "Kim",
        "Lund",
        "kim@example.se",
        None,
    )
    assert (kim.remind_by_email, kim.remind_by_sms) == (True, True)
    assert kim.updated_at is not None
    assert contacts[company].last_name == "AB"
    assert (contacts[known].first_name, contacts[known].language) == ("Åse", "sv")
    assert len(contacts) == 3


def test_an_import_batchs_changes_reach_the_contacts_in_one_event(db):
    """registry.persons.updated: each person's changes as registry.person.updated would make
    them; a person notify has not met starts from what the event says."""
    from notify_testing import person

    from notify.models import Contact

    known, unmet = person(db, language="sv"), new_id()
    persons = [
        {"person_id": known, "kind": "person", "changed": {"email": "ny@example.se"}},
        {"person_id": unmet, "kind": "person", "changed": {"remind_by_sms": 1}},
    ]
    apply(db, handlers.on_persons_updated, "registry.persons.updated", job_id="j", persons=persons)
    with db.read_only() as session:
        contacts = {c.person_id: c for c in session.scalars(select(Contact))}
    assert (contacts[known].email, contacts[known].first_name) == ("ny@example.se", "Åsa")
    assert contacts[known].language == "sv"
    assert contacts[unmet].remind_by_sms is True
    assert len(contacts) == 2


def test_a_change_notify_does_not_keep_makes_no_contact(db):
    """A city changed, one person at a time or in an import batch, for persons notify has not
    met: no empty contact row for them."""
    from notify.models import Contact

    one, batched = new_id(), new_id()
    apply(
        db,
        handlers.on_person_updated,
        "registry.person.updated",
        person_id=one,
        kind="person",
        changed={"city": "Lund"},
    )
    persons = [{"person_id": batched, "kind": "person", "changed": {"city": "Lund"}}]
    apply(db, handlers.on_persons_updated, "registry.persons.updated", job_id="j", persons=persons)
    with db.read_only() as session:
        assert list(session.scalars(select(Contact))) == []
