"""Messages from events: contacts kept from the registry, identity's links, imports' jobs,
crm's reminders; each handler on a message built from its publisher's contract."""

from __future__ import annotations

import json

from sqlalchemy import select

from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from notify import handlers
from notify.models import Contact, Message, messaging
from notify.worker import events_consumer, registry_consumer

LINK = "http://127.0.0.1:8080/activate?token=secret-token"


def apply(db, handler, type_, **data) -> None:
    with db.transaction() as session:
        handler(session, contracts.envelope(type_, **data))


def user_created(db, user_id: str, person_id: str, username: str, role: str, staff: bool) -> None:
    """identity.user.created for the person, as identity publishes it."""
    apply(
        db,
        handlers.on_user_created,
        "identity.user.created",
        user_id=user_id,
        person_id=person_id,
        username=username,
        roles=[role],
        staff=staff,
    )


def person(db, language=None, **changed) -> str:
    person_id = new_id()
    fields = {"first_name": "Åsa", "last_name": "Berg", "email": "asa@example.se", "phone": None}
    apply(
        db,
        handlers.on_person_created,
        "registry.person.created",
        person_id=person_id,
        kind="person",
        fields=fields,
    )
    if language or changed:
        apply(
            db,
            handlers.on_person_updated,
            "registry.person.updated",
            person_id=person_id,
            kind="person",
            changed={"language": language, **changed},
        )
    return person_id


def messages(db) -> list[Message]:
    with db.read_only() as session:
        return list(session.scalars(select(Message).order_by(Message.created_at)))


def outbox(db) -> list[dict]:
    with db.read_only() as session:
        return [json.loads(r.body) for r in session.execute(select(messaging.outbox))]


def test_contacts_follow_the_registry(db):
    person_id = person(db, "sv", remind_by_sms=True, mobile_phone="+46701234567")
    with db.read_only() as session:
        contact = session.get(Contact, person_id)
    assert (contact.language, contact.remind_by_sms, contact.mobile_phone) == (
        "sv",
        True,
        "+46701234567",
    )
    apply(db, handlers.on_person_deleted, "registry.person.deleted", person_id=person_id)
    with db.read_only() as session:
        assert session.get(Contact, person_id) is None


def test_activation_mail_in_the_persons_language_with_the_link(db):
    person_id, user_id = person(db, "sv"), new_id()
    apply(
        db,
        handlers.on_activation_requested,
        "identity.user.activation_requested",
        user_id=user_id,
        person_id=person_id,
        username="asa.berg",
        email="asa@example.se",
        link=LINK,
        expires_at="2026-12-02T08:00:00+00:00",
    )
    [sent] = messages(db)
    assert (sent.kind, sent.language, sent.state, sent.to_address) == (
        "account_activation",
        "sv",
        "queued",
        "asa@example.se",
    )
    assert LINK in sent.body_text and "Aktivera" in sent.subject and not sent.mail_out
    assert "2026-12-02 08:00 UTC" in sent.body_text


def test_password_reset_finds_the_person_through_the_account(db):
    person_id, user_id = person(db, "da"), new_id()
    user_created(db, user_id, person_id, "asa", "member", staff=False)
    apply(
        db,
        handlers.on_password_reset_requested,
        "identity.password_reset.requested",
        user_id=user_id,
        email="asa@example.se",
        link=LINK,
        expires_at="2026-12-02T08:00:00+00:00",
    )
    [sent] = messages(db)
    assert (sent.person_id, sent.language, sent.kind) == (person_id, "da", "password_reset")


def test_import_finished_tells_the_uploader_with_counts_and_the_error_file(db):
    uploader, user_id, job_id = person(db, "en"), new_id(), new_id()
    user_created(db, user_id, uploader, "staff", "manager", staff=True)
    on_completed = handlers.imports_handlers("https://foyer.example")["imports.job.completed"]
    apply(
        db,
        on_completed,
        "imports.job.completed",
        job_id=job_id,
        kind="customers",
        counts={"rows": 10, "created": 8, "errors": 2},
        created_by=user_id,
    )
    [sent] = messages(db)
    assert sent.person_id == uploader and "created: 8" in sent.body_text
    assert f"https://foyer.example/api/imports/jobs/{job_id}/errors.csv" in sent.body_text


def test_a_reminder_follows_the_preference_or_is_logged_as_suppressed(db):
    both = person(db, "sv", remind_by_sms=True, mobile_phone="+46701234567")
    none = person(db, None, remind_by_email=False)
    task = {"task_id": "t1", "title": "Ring Kim", "due_at": "2026-12-01T10:00:00+00:00"}
    for person_id in (both, none):
        apply(
            db, handlers.on_task_reminder, "notify.task_reminder", person_id=person_id, tasks=[task]
        )
    found = {(m.person_id, m.channel): m for m in messages(db)}
    assert found[(both, "email")].state == found[(both, "sms")].state == "queued"
    assert "Ring Kim" in found[(both, "sms")].body_text
    assert found[(none, "email")].state == "suppressed"
    assert "no reminders" in found[(none, "email")].reason


def test_no_usable_address_is_a_suppressed_entry_not_an_error(db):
    person_id = person(db, None, remind_by_email=False, remind_by_sms=True)
    apply(
        db,
        handlers.on_task_reminder,
        "notify.task_reminder",
        person_id=person_id,
        tasks=[{"task_id": "t", "title": "x"}],
    )
    [entry] = messages(db)
    assert (entry.channel, entry.state, entry.reason) == (
        "sms",
        "suppressed",
        "no usable mobile number",
    )


def test_merge_moves_the_log_and_erasure_anonymises_it(db):
    kept, removed = person(db), person(db)
    apply(
        db,
        handlers.on_task_reminder,
        "notify.task_reminder",
        person_id=removed,
        tasks=[{"task_id": "t", "title": "x"}],
    )
    apply(db, handlers.on_person_merged, "registry.person.merged", kept_id=kept, removed_id=removed)
    assert [m.person_id for m in messages(db)] == [kept]
    apply(db, handlers.on_person_deleted, "registry.person.deleted", person_id=kept)
    [erased] = messages(db)
    assert (erased.person_id, erased.body_text, erased.to_address) == (None, None, "(erased)")


def test_activation_through_rabbitmq_never_puts_the_link_in_an_event(settings, db):
    with (
        running(registry_consumer(settings, db), settings.amqp_url),
        running(events_consumer(settings, db), settings.amqp_url),
    ):
        person_id = new_id()
        publish_envelope(
            settings.amqp_url,
            EVENTS_EXCHANGE,
            contracts.envelope(
                "registry.person.created",
                person_id=person_id,
                kind="person",
                fields={
                    "first_name": "Kim",
                    "last_name": "Ek",
                    "email": "kim@example.se",
                    "phone": None,
                },
            ),
        )
        wait_until(lambda: _contact_exists(db, person_id))
        publish_envelope(
            settings.amqp_url,
            EVENTS_EXCHANGE,
            contracts.envelope(
                "identity.user.activation_requested",
                user_id=new_id(),
                person_id=person_id,
                username="kim",
                email="kim@example.se",
                link=LINK,
                expires_at="2026-12-02T08:00:00+00:00",
            ),
        )
        wait_until(lambda: messages(db))
    assert "secret-token" not in json.dumps(outbox(db))


def _contact_exists(db, person_id) -> bool:
    with db.read_only() as session:
        return session.get(Contact, person_id) is not None
