"""identity's account and role events make the CRM's copy of staff members and role names."""

from __future__ import annotations

from crm import handlers
from crm.models import KnownRole, StaffMember
from crm.worker import identity_consumer
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.messaging import EVENTS_EXCHANGE
from foyer_testing import publish_envelope, running, wait_until


def apply(db, type_: str, **data) -> None:
    with db.transaction() as session:
        handlers.IDENTITY_HANDLERS[type_](session, contracts.envelope(type_, **data))


def member(db, user_id: str) -> StaffMember | None:
    with db.read_only() as session:
        return session.get(StaffMember, user_id)


def test_an_account_its_roles_and_its_end(db):
    user, person = new_id(), new_id()
    apply(
        db,
        "identity.user.created",
        user_id=user,
        person_id=person,
        username="asa",
        roles=["trainer"],
        staff=True,
    )
    seen = member(db, user)
    assert (seen.person_id, seen.username, seen.roles, seen.active) == (
        person,
        "asa",
        ["trainer"],
        True,
    )
    assert seen.holds(None) and seen.holds("trainer") and not seen.holds("manager")
    apply(
        db,
        "identity.user.roles_changed",
        user_id=user,
        person_id=person,
        roles=["member", "manager"],
        staff=True,
    )
    assert member(db, user).roles == ["manager", "member"]
    apply(db, "identity.user.deactivated", user_id=user, person_id=person, username="asa")
    assert not member(db, user).holds("manager")
    apply(db, "identity.user.reactivated", user_id=user, person_id=person, username="asa")
    assert member(db, user).active
    apply(db, "identity.user.deleted", user_id=user, person_id=person, username="asa")
    assert member(db, user).active is False


def test_a_member_only_account_is_no_staff(db):
    user = new_id()
    apply(
        db,
        "identity.user.roles_changed",
        user_id=user,
        person_id=None,
        roles=["member"],
        staff=False,
    )
    assert not member(db, user).holds(None)


def test_role_names_come_and_go(db):
    apply(db, "identity.role.changed", role_id=new_id(), name="Sales", change="created")
    apply(db, "identity.role.changed", role_id=new_id(), name="Sales", change="updated")
    with db.read_only() as session:
        assert session.get(KnownRole, "Sales") is not None
    apply(db, "identity.role.changed", role_id=new_id(), name="Sales", change="deleted")
    with db.read_only() as session:
        assert session.get(KnownRole, "Sales") is None


def test_through_rabbitmq(settings, db):
    user = new_id()
    envelope = contracts.envelope(
        "identity.user.created",
        user_id=user,
        person_id=None,
        username="erik",
        roles=["manager"],
        staff=True,
    )
    with running(identity_consumer(settings, db), settings.amqp_url):
        publish_envelope(settings.amqp_url, EVENTS_EXCHANGE, envelope)
        wait_until(lambda: member(db, user))
