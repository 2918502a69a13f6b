"""Customers linked automatically: a prospect with an e-mail whose account holds the customer
role becomes a customer, whichever of the registry's and identity's events comes first."""

from __future__ import annotations

from crm import handlers
from foyer_shared import contracts
from foyer_shared.db import new_id


def account(person_id: str, roles: list[str]):
    return contracts.envelope(
        "identity.user.roles_changed",
        user_id=new_id(),
        person_id=person_id,
        roles=roles,
        staff=roles != ["member"],
    )


def apply(db, handler, envelope) -> None:
    with db.transaction() as session:
        handler(session, envelope)


def status(call, person_id: str) -> str:
    return call.ok("GET", f"/contacts?person_id={person_id}")[0]["status"]


ON_ROLES = handlers.IDENTITY_HANDLERS["identity.user.roles_changed"]


def test_linked_when_on_whichever_event_comes_first(db, call, events):
    call.ok("PATCH", "/settings", json={"auto_link_customers": True, "customer_role": "member"})
    first, second = new_id(), new_id()
    apply(db, handlers.on_person_created, events.person_created(first))
    apply(db, ON_ROLES, account(first, ["member"]))
    apply(db, ON_ROLES, account(second, ["member"]))
    apply(db, handlers.on_person_created, events.person_created(second))
    assert status(call, first) == status(call, second) == "customer"
    card = call.ok("GET", f"/contacts?person_id={first}")[0]
    assert card["status_changed_by"] == "service:auto-link"


def test_not_without_an_email_nor_another_role_nor_when_off(db, call, events):
    off, no_mail, trainer = new_id(), new_id(), new_id()
    apply(db, handlers.on_person_created, events.person_created(off))
    apply(db, ON_ROLES, account(off, ["member"]))
    call.ok("PATCH", "/settings", json={"auto_link_customers": True})
    apply(db, handlers.on_person_created, events.person_created(no_mail, email=None))
    apply(db, ON_ROLES, account(no_mail, ["member"]))
    apply(db, handlers.on_person_created, events.person_created(trainer))
    apply(db, ON_ROLES, account(trainer, ["trainer"]))
    assert [status(call, p) for p in (off, no_mail, trainer)] == ["prospect"] * 3
    apply(db, handlers.on_person_updated, events.person_updated(no_mail, email="n@example.se"))
    assert status(call, no_mail) == "customer"
