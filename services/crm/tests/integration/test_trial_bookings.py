"""booking.trial_booked: a trial booker becomes a tagged prospect with a history entry; once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crm import handlers
from crm.models import HistoryEntry
from crm.use_cases.trials import CardNotYetKnown
from crm.worker import bookings_consumer
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until

ON_TRIAL = handlers.BOOKING_HANDLERS["booking.trial_booked"]


def booked(person_id: str, booking_id: str | None = None):
    return contracts.envelope(
        "booking.trial_booked",
        booking_id=booking_id or new_id(),
        person_id=person_id,
        activity="Spinning 45",
        starts_at="2026-12-07T17:30:00+00:00",
    )


@pytest.fixture()
def trial_settings(call):
    tag = call.ok("POST", "/tags", 201, json={"name": "Trial", "applies_to": "person"})
    tried = call.ok("POST", "/history-types", 201, json={"name": "Tried a class"})
    call.ok(
        "PATCH",
        "/settings",
        json={
            "trial_prospects": True,
            "trial_tag_id": tag["id"],
            "trial_history_type_id": tried["id"],
        },
    )
    return tag, tried


def card_of(call, person_id: str) -> dict:
    [card] = call.ok("GET", f"/contacts?person_id={person_id}")
    return call.ok("GET", f"/contacts/{card['id']}")


def test_a_trial_booker_becomes_a_tagged_prospect_with_history(db, call, events, trial_settings):
    tag, tried = trial_settings
    person = new_id()
    with db.transaction() as session:
        handlers.on_person_created(session, events.person_created(person))
    envelope = booked(person, "b-1")
    for _ in range(2):  # told twice (a new envelope id each time): once
        with db.transaction() as session:
            ON_TRIAL(session, booked(person, "b-1") if _ else envelope)
    card = card_of(call, person)
    assert card["status"] == "prospect" and card["status_changed_by"] == "service:booking"
    assert [t["name"] for t in card["tags"]] == ["Trial"]
    [entry] = call.ok("GET", f"/contacts/{card['id']}/history")
    assert (entry["type_id"], entry["source"]) == (tried["id"], "trial_booking")
    assert entry["note"] == "Trial booking: Spinning 45 (2026-12-07 18:30)"


def test_a_customer_stays_a_customer(db, call, events, trial_settings):
    person = new_id()
    with db.transaction() as session:
        handlers.on_person_created(session, events.person_created(person))
    card = card_of(call, person)
    call.ok("PATCH", f"/contacts/{card['id']}", json={"status": "customer"})
    with db.transaction() as session:
        ON_TRIAL(session, booked(person))
    assert card_of(call, person)["status"] == "customer"


def test_off_in_the_settings_nothing_happens(db, call, events):
    person = new_id()
    with db.transaction() as session:
        handlers.on_person_created(session, events.person_created(person))
        ON_TRIAL(session, booked(person))
    with db.read_only() as session:
        assert session.scalars(select(HistoryEntry)).all() == []


def test_an_unknown_person_is_retried(db, trial_settings):
    with pytest.raises(CardNotYetKnown), db.transaction() as session:
        ON_TRIAL(session, booked(new_id()))


def test_through_rabbitmq(settings, db, call, events, trial_settings):
    person = new_id()
    with db.transaction() as session:
        handlers.on_person_created(session, events.person_created(person))
    with running(bookings_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, booked(person))
        wait_until(lambda: card_of(call, person)["tags"])
