"""Deleting persons: blockers with reasons, cascade here, registry.person.deleted published."""

from __future__ import annotations

from registry_testing import changed_by_another_writer_before
from sqlalchemy import func, select, update

from registry.models import GroupMembership, Person, PersonChange


def test_delete_erases_the_person_and_links_and_publishes(api, db, outbox):
    person = api.person(email="gone@x.se")
    group = api.post("/groups", {"name": "G"}).json["id"]
    api.post(f"/groups/{group}/members", {"person_id": person["id"]})
    assert api.delete(f"/persons/{person['id']}").status_code == 204
    assert api.get(f"/persons/{person['id']}").status_code == 404
    with db.read_only() as session:
        assert session.scalar(select(func.count()).select_from(GroupMembership)) == 0
        assert (
            session.scalar(select(func.count()).where(PersonChange.person_id == person["id"])) == 0
        )
    assert outbox("registry.person.deleted") == [{"person_id": person["id"]}]
    # Leaving the group changes scopes: the gateway is told.
    assert outbox("registry.group.membership_changed")[-1] == {
        "group_id": group,
        "person_ids": [person["id"]],
    }
    assert api.delete(f"/persons/{person['id']}").status_code == 404


def test_staff_and_head_of_family_are_blocked_with_reasons(api, db, outbox):
    head, kid = api.person(), api.person()
    api.post(
        "/families", {"name": "F", "head_id": head["id"], "members": [{"person_id": kid["id"]}]}
    )
    with db.transaction() as session:
        session.execute(update(Person).where(Person.id == head["id"]).values(is_staff=True))
    response = api.delete(f"/persons/{head['id']}")
    assert response.status_code == 409
    reasons = response.json["errors"]["blockers"]
    assert len(reasons) == 2
    assert any("staff" in r for r in reasons) and any("head" in r for r in reasons)
    assert api.get(f"/persons/{head['id']}").status_code == 200
    assert outbox("registry.person.deleted") == []
    # A family member who is not the head can go.
    assert api.delete(f"/persons/{kid['id']}").status_code == 204


def test_only_roles_with_delete_may_delete(api):
    person = api.person()
    for role in ("receptionist", "trainer", "group_leader", "member"):
        caller = api.as_(role, scopes={"person_id": person["id"]})
        assert caller.delete(f"/persons/{person['id']}").status_code == 403, role
    assert api.as_("administrator").delete(f"/persons/{person['id']}").status_code == 204


def test_a_delete_survives_a_concurrent_change_to_the_person(api, db, outbox):
    person = api.person(email="raced@x.se")
    undo = changed_by_another_writer_before("before_delete", db, times=1)
    try:
        assert api.delete(f"/persons/{person['id']}").status_code == 204
    finally:
        undo()
    assert api.get(f"/persons/{person['id']}").status_code == 404
    assert outbox("registry.person.deleted") == [{"person_id": person["id"]}]  # once


def test_a_delete_racing_changes_every_time_answers_412(api, db):
    person = api.person(email="busy@x.se")
    undo = changed_by_another_writer_before("before_delete", db, times=10)
    try:
        response = api.delete(f"/persons/{person['id']}")
    finally:
        undo()
    assert response.status_code == 412, response.json
    assert "reload" in response.json["message"]
    assert api.get(f"/persons/{person['id']}").status_code == 200
