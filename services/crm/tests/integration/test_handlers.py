"""Registry event handlers with a real PostgreSQL session, as the consumer calls them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crm import handlers
from crm.models import Contact
from foyer_shared import contracts
from foyer_shared.db import new_id


def apply(db, handler, envelope) -> None:
    with db.transaction() as session:
        handler(session, envelope)


def contacts(db) -> list[Contact]:
    with db.read_only() as session:
        return list(session.scalars(select(Contact)))


def test_created_makes_a_prospect_with_the_persons_names(db, events):
    event = events.person_created()
    apply(db, handlers.on_person_created, event)
    [contact] = contacts(db)
    assert contact.person_id == event.data["person_id"]
    assert contact.status == "prospect"
    assert (contact.first_name, contact.last_name) == ("Åsa", "Lindström")
    assert contact.email == "asa@example.se"


def test_created_twice_leaves_one_contact(db, events):
    event = events.person_created()
    apply(db, handlers.on_person_created, event)
    # A second event for the same person (a re-publish has a new envelope id).
    again = events.person_created(event.data["person_id"], first_name="X")
    apply(db, handlers.on_person_created, again)
    [contact] = contacts(db)
    assert contact.first_name == "Åsa"


def test_update_changes_names_and_email_only(db, events):
    person_id = new_id()
    apply(db, handlers.on_person_created, events.person_created(person_id))
    [before] = contacts(db)
    apply(
        db,
        handlers.on_person_updated,
        events.person_updated(person_id, first_name="Åse", last_name="Berg", phone="+4670000000"),
    )
    [contact] = contacts(db)
    assert (contact.first_name, contact.last_name) == ("Åse", "Berg")
    assert contact.email == "asa@example.se"
    assert contact.updated_at >= before.updated_at


def test_update_can_clear_the_email(db, events):
    person_id = new_id()
    apply(db, handlers.on_person_created, events.person_created(person_id))
    apply(db, handlers.on_person_updated, events.person_updated(person_id, email=None))
    assert contacts(db)[0].email is None


def test_update_of_an_unknown_person_fails_so_the_consumer_retries(db, events):
    with pytest.raises(handlers.ContactNotYetKnown):
        apply(db, handlers.on_person_updated, events.person_updated(new_id(), last_name="Berg"))
    assert contacts(db) == []


def test_a_change_the_crm_does_not_copy_needs_no_contact(db, events):
    """A city (not copied) changed for a person the CRM has not met: nothing to wait for."""
    unknown = new_id()
    apply(db, handlers.on_person_updated, events.person_updated(unknown, city="Lund"))
    batch = contracts.envelope(
        handlers.PERSONS_UPDATED,
        job_id="job-1",
        persons=[{"person_id": unknown, "kind": "person", "changed": {"city": "Lund"}}],
    )
    apply(db, handlers.on_persons_updated, batch)
    assert contacts(db) == []


def test_an_import_batch_becomes_prospects_once(db, events):
    known = events.person_created()
    apply(db, handlers.on_person_created, known)  # e.g. created by hand before the batch
    persons = [
        {
            "person_id": new_id(),
            "kind": "person",
            "fields": {"first_name": "Nils", "last_name": "Ek", "email": None, "phone": None},
        },
        {
            "person_id": new_id(),
            "kind": "company",
            "fields": {
                "first_name": None,
                "last_name": None,
                "email": "info@friskvard.se",
                "phone": None,
                "company_name": "Friskvård AB",
                "org_number": None,
            },
        },
        {
            "person_id": known.data["person_id"],
            "kind": "person",
            "fields": {"first_name": "Other", "last_name": "Name", "email": None, "phone": None},
        },
    ]
    batch = contracts.envelope(handlers.PERSONS_IMPORTED, job_id="job-1", persons=persons)
    apply(db, handlers.on_persons_imported, batch)
    apply(db, handlers.on_persons_imported, batch)  # re-published: nothing twice
    by_person = {c.person_id: c for c in contacts(db)}
    assert len(by_person) == 3
    assert (
        by_person[persons[0]["person_id"]].first_name,
        by_person[persons[0]["person_id"]].last_name,
    ) == ("Nils", "Ek")
    assert by_person[persons[1]["person_id"]].last_name == "Friskvård AB"
    assert by_person[known.data["person_id"]].first_name == "Åsa"  # kept as it was
    assert {c.status for c in by_person.values()} == {"prospect"}


def test_an_import_batchs_changes_are_copied_in_one_event(db, events):
    """registry.persons.updated: each person's changed names and e-mail, as person_updated."""
    first, second = new_id(), new_id()
    for person_id in (first, second):
        apply(db, handlers.on_person_created, events.person_created(person_id))
    batch = contracts.envelope(
        handlers.PERSONS_UPDATED,
        job_id="job-1",
        persons=[
            {"person_id": first, "kind": "person", "changed": {"last_name": "Berg"}},
            {"person_id": second, "kind": "person", "changed": {"email": "ny@example.se"}},
        ],
    )
    apply(db, handlers.on_persons_updated, batch)
    apply(db, handlers.on_persons_updated, batch)  # re-published: the same copies
    by_person = {c.person_id: c for c in contacts(db)}
    assert (by_person[first].last_name, by_person[first].email) == ("Berg", "asa@example.se")
    assert (by_person[second].last_name, by_person[second].email) == (
        "Lindström",
        "ny@example.se",
    )


def test_a_batch_naming_an_unknown_person_changes_nothing_and_is_retried(db, events):
    known = new_id()
    apply(db, handlers.on_person_created, events.person_created(known))
    batch = contracts.envelope(
        handlers.PERSONS_UPDATED,
        job_id="job-1",
        persons=[
            {"person_id": known, "kind": "person", "changed": {"last_name": "Berg"}},
            {"person_id": new_id(), "kind": "person", "changed": {"last_name": "Ek"}},
        ],
    )
    with pytest.raises(handlers.ContactNotYetKnown):
        apply(db, handlers.on_persons_updated, batch)
    [contact] = contacts(db)
    assert contact.last_name == "Lindström"  # the transaction rolled back whole
