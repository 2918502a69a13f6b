"""registry.create_person from the CRM: registered under the CRM's id, once; no field required."""

from __future__ import annotations

from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import COMMANDS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from registry import handlers
from registry.worker import commands_consumer


def create(db, settings, **data) -> None:
    envelope = contracts.envelope("registry.create_person", **data)
    with db.transaction() as session:
        handlers.command_handlers(settings)["registry.create_person"](session, envelope)


def test_a_person_is_registered_under_the_crms_id_once(api, db, settings, outbox):
    person_id = new_id()
    facts = {"first_name": "Åsa", "last_name": None, "email": "Asa@Example.se", "phone": None}
    for _ in range(2):  # a resent command changes nothing
        create(db, settings, person_id=person_id, kind="person", fields=facts, requested_by="u-1")
    person = api.get(f"/persons/{person_id}").json
    assert (person["first_name"], person["last_name"], person["email"]) == (
        "Åsa",
        None,
        "asa@example.se",
    )
    [created] = outbox("registry.person.created")
    assert created["person_id"] == person_id and created["kind"] == "person"
    changed_by = {c["changed_by"] for c in api.get(f"/persons/{person_id}/changes").json}
    assert changed_by == {"u-1"}


def test_a_nameless_company_and_a_refused_field_still_make_the_company(api, db, settings):
    company_id = new_id()
    create(
        db,
        settings,
        person_id=company_id,
        kind="company",
        fields={"company_name": None, "email": "not an address", "phone": None},
        requested_by=None,
    )
    company = api.get(f"/persons/{company_id}").json
    assert (company["kind"], company["email"]) == ("company", None)


def test_through_rabbitmq(api, db, settings):
    person_id = new_id()
    envelope = contracts.envelope(
        "registry.create_person",
        person_id=person_id,
        kind="person",
        fields={"first_name": "Nils"},
        requested_by=None,
    )
    with running(commands_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, COMMANDS_EXCHANGE, envelope)
        wait_until(lambda: api.call("GET", f"/persons/{person_id}").status_code == 200)
