"""registry.person.merged and .deleted in the CRM: handlers on PostgreSQL, consumer on RabbitMQ."""

from __future__ import annotations

from sqlalchemy import select

from crm import handlers
from crm.models import Contact
from foyer_shared.db import new_id


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
