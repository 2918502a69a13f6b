"""Group membership (use_cases/groups.py) under the rule that no action widens one's own reach
(domain/reach.py, use_cases/access.py's not_widening)."""

from __future__ import annotations

import pytest
from registry_fakes import MANAGER, STAFF, a_family, a_group, a_person, scoped

from registry.use_cases import NotFound, OutOfScope, access
from registry.use_cases.groups import add_member, get_group, list_groups, remove_member
from registry.use_cases.scopes import scopes


def test_adding_a_member_is_logged_and_announced_for_the_gateway(uow):
    person, group = a_person(uow), a_group(uow)
    add_member(uow, STAFF, group.id, person.id, "member")
    assert uow.groups.membership(group.id, person.id, "member") is not None
    assert uow.events("registry.group.membership_changed") == [
        {"group_id": group.id, "person_ids": [person.id]}
    ]
    (entry,) = uow.changes.of(person.id)
    assert (entry["field"], entry["old"], entry["new"]) == ("groups.member", None, group.id)


def test_adding_twice_changes_nothing_the_second_time(uow):
    person, group = a_person(uow), a_group(uow)
    add_member(uow, STAFF, group.id, person.id, "member")
    add_member(uow, STAFF, group.id, person.id, "member")
    assert len(uow.events("registry.group.membership_changed")) == 1


def test_an_unknown_group_or_person_is_not_found(uow):
    person, group = a_person(uow), a_group(uow)
    with pytest.raises(NotFound, match="no group"):
        add_member(uow, STAFF, "g-nowhere", person.id, "member")
    with pytest.raises(NotFound, match="no person"):
        add_member(uow, STAFF, group.id, "p-nobody", "member")


def test_a_leader_adds_to_their_group_someone_they_reach_already(uow):
    leader, child = a_person(uow), a_person(uow, "Kim")
    group = a_group(uow, **{leader.id: "leader"})
    actor = scoped(leader.id, groups_led=[group.id], family_rights={child.id: ["manage"]})
    a_family(uow, leader, (child, ""))
    add_member(uow, actor, group.id, child.id, "member")
    assert uow.groups.membership(group.id, child.id, "member") is not None


def test_a_leader_cannot_bring_an_outsider_within_their_reach(uow):
    leader, stranger = a_person(uow), a_person(uow, "Bo")
    group = a_group(uow, **{leader.id: "leader"})
    with pytest.raises(access.Widening) as refused:
        add_member(uow, scoped(leader.id, groups_led=[group.id]), group.id, stranger.id, "member")
    assert refused.value.permission == "registry.groups.manage"
    assert refused.value.field == "person_id"
    assert str(refused.value).startswith("this needs the permission 'registry.groups.manage'")
    assert uow.groups.membership(group.id, stranger.id, "member") is None
    assert uow.published == [] and uow.changes.entries == []


def test_the_register_counts_even_when_the_gateway_still_shows_the_old_scopes(uow):
    # The leader led the group when the gateway cached their scopes; the register says they
    # lead it now too. An outsider joining widens their reach by the register alone.
    leader, stranger = a_person(uow, user_id="u-member"), a_person(uow, "Bo")
    group = a_group(uow, **{leader.id: "leader"})
    with pytest.raises(access.Widening):
        add_member(uow, scoped(groups_led=[group.id]), group.id, stranger.id, "member")


def test_staff_who_decide_group_membership_add_anyone(uow):
    stranger, group = a_person(uow, "Bo"), a_group(uow)
    add_member(uow, MANAGER, group.id, stranger.id, "member")
    assert uow.groups.member_ids(group.id) == [stranger.id]


def test_a_leader_changes_only_the_groups_they_lead(uow):
    leader, person = a_person(uow), a_person(uow, "Kim")
    theirs, other = a_group(uow, "A", **{leader.id: "leader"}), a_group(uow, "B")
    actor = scoped(leader.id, groups_led=[theirs.id])
    with pytest.raises(OutOfScope, match="you do not lead this group"):
        add_member(uow, actor, other.id, person.id, "member")
    with pytest.raises(OutOfScope, match="you do not lead this group"):
        get_group(uow, actor, other.id)


def test_appointing_a_leader_is_for_who_manages_groups_whoever_asks(uow):
    person, group = a_person(uow), a_group(uow)
    for actor in (STAFF, scoped(person.id, groups_led=[group.id])):
        with pytest.raises(access.Widening, match="appointing or removing one is staff's"):
            add_member(uow, actor, group.id, person.id, "leader")
    add_member(uow, MANAGER, group.id, person.id, "leader")
    assert uow.groups.of_person(person.id, "leader") == [group.id]


def test_removing_a_member_is_logged_and_announced(uow):
    person = a_person(uow)
    group = a_group(uow, **{person.id: "member"})
    remove_member(uow, STAFF, group.id, person.id, "member")
    assert uow.groups.member_ids(group.id) == []
    assert uow.events("registry.group.membership_changed") == [
        {"group_id": group.id, "person_ids": [person.id]}
    ]


def test_removing_someone_not_in_the_group_is_not_found(uow):
    person, group = a_person(uow), a_group(uow)
    with pytest.raises(NotFound, match="is not a member of group"):
        remove_member(uow, STAFF, group.id, person.id, "member")


def test_the_group_lists_leaders_and_members_by_name(uow):
    leader, bo, ann = a_person(uow, "Lea", "Ek"), a_person(uow, "Bo", "Ås"), a_person(uow, "Ann")
    group = a_group(uow, **{leader.id: "leader", bo.id: "member", ann.id: "member"})
    shown = get_group(uow, STAFF, group.id)
    assert [p["name"] for p in shown["leaders"]] == ["Lea Ek"]
    assert [p["name"] for p in shown["members"]] == ["Ann Lindström", "Bo Ås"]


def test_a_leader_lists_only_the_groups_they_lead(uow):
    theirs, _other = a_group(uow, "A"), a_group(uow, "B")
    assert [g.name for g in list_groups(uow, scoped(groups_led=[theirs.id]))] == ["A"]
    assert [g.name for g in list_groups(uow, STAFF)] == ["A", "B"]


def test_the_scopes_served_to_the_gateway_are_what_the_register_holds(uow):
    parent, child, player = a_person(uow), a_person(uow, "Kim"), a_person(uow, "Bo")
    group = a_group(uow, **{parent.id: "leader", player.id: "member"})
    a_family(uow, parent, (child, "view"))
    assert scopes(uow, parent.id) == {
        "person_id": parent.id,
        "groups_led": [group.id],
        "family_rights": {child.id: ["view", "book", "pay", "manage"]},
    }
    assert scopes(uow, child.id)["family_rights"] == {parent.id: ["view"]}
    assert scopes(uow, player.id) == {"person_id": player.id, "groups_led": [], "family_rights": {}}


def test_a_person_not_in_the_register_has_no_scopes(uow):
    assert scopes(uow, "p-gone") == {"person_id": "p-gone", "groups_led": [], "family_rights": {}}
