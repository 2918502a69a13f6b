"""registry.person.merged and .deleted in the CRM: handlers on PostgreSQL, consumer on RabbitMQ."""

from __future__ import annotations

from sqlalchemy import select

from crm import handlers
from crm.models import Contact
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_testing import wait_until


def apply(db, handler, envelope) -> None:
    with db.transaction() as session:
        handler(session, envelope)


def person_ids(db) -> list[str]:
    with db.read_only() as session:
        return sorted(session.scalars(select(Contact.person_id)))


def test_merge_moves_the_removed_persons_contact_to_the_kept_id(db, events):
    kept, removed = new_id(), new_id()
    apply(db, handlers.on_person_created, events.person_created(removed))
    apply(db, handlers.on_person_merged, events.person_merged(kept, removed))
    assert person_ids(db) == [kept]
    # Redelivered with a new envelope id: nothing left to move, nothing breaks.
    apply(db, handlers.on_person_merged, events.person_merged(kept, removed))
    assert person_ids(db) == [kept]


def test_merge_keeps_the_kept_persons_own_contact(db, events):
    kept, removed = new_id(), new_id()
    apply(db, handlers.on_person_created, events.person_created(kept, first_name="Kept"))
    apply(db, handlers.on_person_created, events.person_created(removed, first_name="Gone"))
    apply(db, handlers.on_person_merged, events.person_merged(kept, removed))
    with db.read_only() as session:
        [contact] = session.scalars(select(Contact)).all()
    assert (contact.person_id, contact.first_name) == (kept, "Kept")


def test_merge_of_persons_unknown_here_changes_nothing(db, events):
    apply(db, handlers.on_person_merged, events.person_merged(new_id(), new_id()))
    assert person_ids(db) == []


def test_delete_erases_the_contact_and_tolerates_repeats(db, events):
    gone, stays = new_id(), new_id()
    for person_id in (gone, stays):
        apply(db, handlers.on_person_created, events.person_created(person_id))
    apply(db, handlers.on_person_deleted, events.person_deleted(gone))
    apply(db, handlers.on_person_deleted, events.person_deleted(gone))
    assert person_ids(db) == [stays]


def test_merged_and_deleted_through_rabbitmq(settings, db, events, running_consumer, publish):
    kept, removed = new_id(), new_id()
    publish(settings.amqp_url, events.person_created(removed))
    wait_until(lambda: person_ids(db) == [removed])
    publish(settings.amqp_url, events.person_merged(kept, removed))
    wait_until(lambda: person_ids(db) == [kept])
    publish(settings.amqp_url, events.person_deleted(kept))
    wait_until(lambda: person_ids(db) == [])


def test_a_company_becomes_a_contact_under_its_name(db, events):
    company = new_id()
    apply(
        db,
        handlers.on_person_created,
        events.person_created(
            company,
            first_name=None,
            last_name=None,
            company_name="Lindab AB",
            org_number="556036-0793",
        ),
    )
    apply(
        db,
        handlers.on_person_updated,
        events.person_updated(company, company_name="Lindab Bygg AB"),
    )
    with db.read_only() as session:
        [contact] = session.scalars(select(Contact)).all()
    assert (contact.first_name, contact.last_name) == ("", "Lindab Bygg AB")


def test_persons_deleted_together_through_rabbitmq(settings, db, events, running_consumer, publish):
    """An import undone: one registry.persons.deleted for a chunk of persons."""
    gone, stays = [new_id() for _ in range(3)], new_id()
    for person_id in (*gone, stays):
        publish(settings.amqp_url, events.person_created(person_id))
    wait_until(lambda: len(person_ids(db)) == 4)
    publish(settings.amqp_url, contracts.envelope("registry.persons.deleted", person_ids=gone))
    wait_until(lambda: person_ids(db) == [stays])
