"""Reading persons (use_cases/persons.py, changes.py): what is shown to whom, found by whom."""

from __future__ import annotations

import pytest
from registry_fakes import STAFF, a_family, a_field, a_group, a_person, scoped

from registry.use_cases import OutOfScope, PersonNotFound
from registry.use_cases.changes import list_changes
from registry.use_cases.persons import get_person, search_persons, update_person


def test_a_person_is_shown_with_groups_family_and_extra_fields(uow):
    person, child = a_person(uow), a_person(uow, "Kim")
    group = a_group(uow, "P12", **{person.id: "leader"})
    family = a_family(uow, person, (child, ""))
    a_field(uow, "size", "number")
    update_person(uow, STAFF, person.id, {"extra_fields": {"size": 40}}, "SE")
    shown = get_person(uow, STAFF, person.id)
    assert shown.extra_fields == {"size": 40}
    assert shown.groups == [{"id": group.id, "name": "P12", "role": "leader"}]
    assert shown.family["id"] == family.id and shown.family["is_head"] is True
    assert shown.statuses == []


def test_staff_only_values_and_statuses_are_hidden_from_the_person_themselves(uow):
    me = a_person(uow)
    a_field(uow, "secret", staff_only=True)
    a_field(uow, "size", "number")
    update_person(uow, STAFF, me.id, {"extra_fields": {"secret": "x", "size": 40}}, "SE")
    shown = get_person(uow, scoped(me.id), me.id)
    assert shown.extra_fields == {"size": 40}
    assert "statuses" not in vars(shown)


def test_reading_is_narrowed_to_the_callers_reach(uow):
    me, kid, stranger = a_person(uow), a_person(uow, "Kim"), a_person(uow, "Bo")
    actor = scoped(me.id, family_rights={kid.id: ["view"]})
    assert get_person(uow, actor, kid.id) is kid
    with pytest.raises(OutOfScope):
        get_person(uow, actor, stranger.id)


def test_an_unknown_person_is_not_found_before_any_scope_is_checked(uow):
    with pytest.raises(PersonNotFound):
        get_person(uow, scoped("p-me"), "p-nobody")


def test_staff_find_everyone_by_text_in_name_order(uow):
    a_person(uow, "Åsa", "Berg"), a_person(uow, "Erik", "Andersson"), a_person(uow, "Bo", "Ek")
    found, total = search_persons(uow, STAFF, {"q": "e"}, 0, 10)
    assert [p.display_name for p in found] == ["Erik Andersson", "Åsa Berg", "Bo Ek"]
    assert total == 3
    page, total = search_persons(uow, STAFF, {"q": "e"}, 1, 1)
    assert [p.display_name for p in page] == ["Åsa Berg"] and total == 3


def test_a_scoped_caller_finds_only_whom_they_reach(uow):
    leader, player, stranger = a_person(uow), a_person(uow, "Kim"), a_person(uow, "Bo")
    group = a_group(uow, **{leader.id: "leader", player.id: "member"})
    found, total = search_persons(uow, scoped(leader.id, groups_led=[group.id]), {}, 0, 10)
    assert {p.id for p in found} == {leader.id, player.id} and total == 2
    assert stranger.id not in {p.id for p in found}


def test_the_change_log_is_listed_after_the_caller_may_see_the_person(uow):
    me, stranger = a_person(uow), a_person(uow, "Bo")
    update_person(uow, STAFF, stranger.id, {"city": "Lund"}, "SE")
    rows, total = list_changes(uow, STAFF, stranger.id, 0, 10)
    assert total == 1 and (rows[0]["field"], rows[0]["new"]) == ("city", "Lund")
    with pytest.raises(OutOfScope):
        list_changes(uow, scoped(me.id), stranger.id, 0, 10)
    with pytest.raises(PersonNotFound):
        list_changes(uow, STAFF, "p-nobody", 0, 10)
