"""Staff flag from identity's events, bad-address flag from notify's; handlers and real consumer."""

from __future__ import annotations

from foyer_shared import contracts
from foyer_shared.envelope import Envelope
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until
from registry import handlers
from registry.worker import events_consumer


def event(type_: str, **data) -> Envelope:
    """The event built from its publisher's contract (contracts/), with these fields."""
    return contracts.envelope(type_, **data)


def roles_changed(person_id, roles: list[str], staff: bool, user_id="user-1") -> Envelope:
    """identity.user.roles_changed: the account's roles now, and whether any is a staff role."""
    data = {"user_id": user_id, "person_id": person_id, "roles": roles, "staff": staff}
    return event("identity.user.roles_changed", **data)


def bounced(person_id: str, address: str) -> Envelope:
    return event("notify.address.bounced", message_id="m", person_id=person_id, address=address)


def apply(db, envelope) -> None:
    with db.transaction() as session:
        handlers.EVENT_HANDLERS[envelope.type](session, envelope)


def test_roles_changed_sets_and_clears_the_staff_flag_with_change_log(api, db, outbox):
    person = api.person()
    apply(
        db, event("identity.user.created", user_id="user-1", person_id=person["id"], username="asa")
    )
    apply(db, roles_changed(person["id"], ["receptionist"], True))
    assert api.get(f"/persons/{person['id']}").json["is_staff"] is True
    assert api.get("/persons?staff=true").json[0]["id"] == person["id"]
    assert api.get("/persons?staff=false").json == []
    apply(db, roles_changed(person["id"], ["member"], False))
    assert api.get(f"/persons/{person['id']}").json["is_staff"] is False
    log = api.get(f"/persons/{person['id']}/changes").json
    staff_changes = [c for c in log if c["field"] == "is_staff"]
    assert {(c["old"], c["new"]) for c in staff_changes} == {(False, True), (True, False)}
    assert {c["changed_by"] for c in staff_changes} == {"service:identity"}
    assert {"is_staff": True} in [
        {k: v for k, v in u["changed"].items() if k == "is_staff"}
        for u in outbox("registry.person.updated")
    ]


def test_user_deleted_clears_staff_and_account(api, db):
    person = api.person()
    apply(db, roles_changed(person["id"], ["manager"], True))
    apply(
        db, event("identity.user.deleted", user_id="user-1", person_id=person["id"], username="asa")
    )
    assert api.get(f"/persons/{person['id']}").json["is_staff"] is False


def test_person_changed_moves_account_and_staff_flag(api, db):
    old, new = api.person(), api.person()
    apply(db, roles_changed(old["id"], ["trainer"], True))
    apply(
        db,
        event(
            "identity.user.person_changed",
            user_id="user-1",
            person_id=new["id"],
            previous_person_id=old["id"],
        ),
    )
    assert api.get(f"/persons/{old['id']}").json["is_staff"] is False
    assert api.get(f"/persons/{new['id']}").json["is_staff"] is True


def test_events_about_accounts_without_a_person_change_nothing(api, db):
    bystander = api.person()
    before = api.get(f"/persons/{bystander['id']}").json
    apply(db, event("identity.user.created", user_id="u", person_id=None, username="owner"))
    apply(db, roles_changed("00000000-0000-4000-8000-000000000000", [], True, user_id="u"))
    assert api.get(f"/persons/{bystander['id']}").json == before
    assert api.get("/persons?staff=true").json == []


def test_bounce_flags_the_address_and_a_new_address_clears_it(api, db):
    person = api.person(email="asa@example.se")
    path = f"/persons/{person['id']}"
    apply(db, bounced(person["id"], "other@example.se"))
    assert api.get(path).json["bad_address"] is False  # not the person's current address
    apply(db, bounced(person["id"], "ASA@example.se"))
    assert api.get(path).json["bad_address"] is True
    assert api.patch(path, {"email": "asa@new.se"}).json["bad_address"] is False


def test_identity_event_through_rabbitmq_reaches_the_person(settings, db, api):
    person = api.person()
    with running(events_consumer(settings, db), settings.amqp_url):
        message = roles_changed(person["id"], ["trainer"], True, user_id="user-9")
        publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, message)
        wait_until(lambda: api.get(f"/persons/{person['id']}").json["is_staff"])
