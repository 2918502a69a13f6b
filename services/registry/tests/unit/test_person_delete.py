"""Deleting a person (use_cases/deletion.py): the blockers that say why not, what goes, events."""

from __future__ import annotations

import pytest
from registry_fakes import MANAGER, a_family, a_field, a_group, a_person

from registry.use_cases import Blocked, PersonNotFound, StaleVersion
from registry.use_cases.deletion import HEAD, STAFF, blockers, delete_person
from registry.use_cases.persons import update_person


def test_a_deleted_person_is_gone_and_announced_for_erasure_elsewhere(uow):
    person = a_person(uow)
    delete_person(uow, MANAGER, person.id)
    assert uow.persons.get(person.id) is None
    assert uow.events("registry.person.deleted") == [{"person_id": person.id}]


def test_the_change_log_goes_with_the_person(uow):
    person, other = a_person(uow), a_person(uow, "Erik")
    update_person(uow, MANAGER, person.id, {"city": "Lund"}, "SE")
    update_person(uow, MANAGER, other.id, {"city": "Lund"}, "SE")
    delete_person(uow, MANAGER, person.id)
    assert uow.changes.of(person.id) == [] and len(uow.changes.of(other.id)) == 1


def test_groups_memberships_and_field_values_go_with_the_person(uow):
    person = a_person(uow)
    group = a_group(uow, **{person.id: "member"})
    a_field(uow, "size", "number")
    update_person(uow, MANAGER, person.id, {"extra_fields": {"size": 40}}, "SE")
    delete_person(uow, MANAGER, person.id)
    assert uow.groups.member_ids(group.id) == [] and uow.fields.values == {}


def test_each_group_left_is_announced_so_the_gateway_drops_cached_scopes(uow):
    person = a_person(uow)
    first = a_group(uow, "A", **{person.id: "member"})
    second = a_group(uow, "B", **{person.id: "leader"})
    delete_person(uow, MANAGER, person.id)
    announced = uow.events("registry.group.membership_changed")
    assert sorted(announced, key=lambda e: e["group_id"]) == sorted(
        [
            {"group_id": first.id, "person_ids": [person.id]},
            {"group_id": second.id, "person_ids": [person.id]},
        ],
        key=lambda e: e["group_id"],
    )


def test_leaving_a_family_is_announced_with_everyone_in_it(uow):
    head, child = a_person(uow), a_person(uow, "Kim")
    family = a_family(uow, head, (child, "view"))
    delete_person(uow, MANAGER, child.id)
    assert uow.events("registry.family.changed") == [
        {"family_id": family.id, "person_ids": sorted([head.id, child.id])}
    ]
    assert [m.person_id for m in uow.families.members(family.id)] == [head.id]


def test_staff_are_not_deleted_here(uow):
    person = a_person(uow, is_staff=True)
    with pytest.raises(Blocked) as refused:
        delete_person(uow, MANAGER, person.id)
    assert refused.value.reasons == [STAFF]
    assert uow.persons.get(person.id) is person and uow.published == []


def test_a_family_head_with_members_is_not_deleted_until_another_heads_it(uow):
    head, child = a_person(uow), a_person(uow, "Kim")
    a_family(uow, head, (child, ""))
    assert blockers(uow, head) == [HEAD]
    assert blockers(uow, child) == []
    with pytest.raises(Blocked, match="cannot be deleted"):
        delete_person(uow, MANAGER, head.id)


def test_a_head_alone_in_the_family_may_go(uow):
    head = a_person(uow)
    a_family(uow, head)
    assert blockers(uow, head) == []
    delete_person(uow, MANAGER, head.id)
    assert uow.persons.rows == {}


def test_every_reason_is_listed(uow):
    head, child = a_person(uow, is_staff=True), a_person(uow, "Kim")
    a_family(uow, head, (child, ""))
    assert blockers(uow, head) == [STAFF, HEAD]


def test_an_unknown_person_is_not_found(uow):
    with pytest.raises(PersonNotFound):
        delete_person(uow, MANAGER, "p-nobody")


def test_a_change_by_another_writer_meanwhile_is_read_again_and_the_delete_made(uow):
    person = a_person(uow)
    uow.persons.changed_elsewhere[person.id] = 2
    delete_person(uow, MANAGER, person.id)
    assert uow.persons.get(person.id) is None
    assert len(uow.events("registry.person.deleted")) == 1


def test_a_person_changing_on_every_attempt_is_a_stale_version_in_the_end(uow):
    person = a_person(uow)
    uow.persons.changed_elsewhere[person.id] = 3
    with pytest.raises(StaleVersion):
        delete_person(uow, MANAGER, person.id)
    assert uow.persons.get(person.id) is person and uow.published == []
