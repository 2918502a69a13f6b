"""Correcting a person (use_cases/persons.py): only what differs, versions, reach, events."""

from __future__ import annotations

import pytest
from registry_fakes import STAFF, a_family, a_field, a_group, a_person, scoped

from registry.domain import InvalidInput
from registry.use_cases import Actor, Conflict, OutOfScope, PersonNotFound, StaleVersion
from registry.use_cases.persons import apply_fields, update_person


def test_only_the_fields_that_differ_are_changed_logged_and_announced(uow):
    person = a_person(uow, email="asa@example.se", city="Lund")
    update_person(uow, STAFF, person.id, {"city": "Malmö", "email": "ASA@example.se"}, "SE")
    assert person.city == "Malmö" and person.version == 2
    assert [(e["field"], e["old"], e["new"]) for e in uow.changes.of(person.id)] == [
        ("city", "Lund", "Malmö")
    ]
    assert uow.events("registry.person.updated") == [
        {"person_id": person.id, "kind": "person", "changed": {"city": "Malmö"}}
    ]


def test_a_correction_that_changes_nothing_keeps_the_version_and_says_nothing(uow):
    person = a_person(uow, city="Lund")
    update_person(uow, STAFF, person.id, {"city": " Lund "}, "SE")
    assert person.version == 1 and uow.published == [] and uow.changes.entries == []


def test_a_new_personnummer_announces_its_birth_date_as_iso_text(uow):
    person = a_person(uow)
    update_person(uow, STAFF, person.id, {"personnummer": "19811218-9876"}, "SE")
    (event,) = uow.events("registry.person.updated")
    assert event["changed"] == {"personnummer": "198112189876", "birth_date": "1981-12-18"}


def test_the_name_change_refreshes_the_search_text_and_order(uow):
    person = a_person(uow)
    update_person(uow, STAFF, person.id, {"last_name": "Berg"}, "SE")
    assert person.sort_name == "berg åsa" and "berg" in person.search_text


def test_a_new_address_clears_the_bad_address_flag(uow):
    person = a_person(uow, email="old@example.se", bad_address=True)
    update_person(uow, STAFF, person.id, {"email": "new@example.se"}, "SE")
    assert person.bad_address is False
    (event,) = uow.events("registry.person.updated")
    assert event["changed"] == {"email": "new@example.se", "bad_address": False}


def test_a_phone_change_leaves_the_bad_address_flag(uow):
    person = a_person(uow, email="old@example.se", bad_address=True)
    update_person(uow, STAFF, person.id, {"phone": "070-123 45 67"}, "SE")
    assert person.bad_address is True


def test_the_version_read_is_accepted_and_an_older_one_refused(uow):
    person = a_person(uow, city="Lund")
    update_person(uow, STAFF, person.id, {"city": "Malmö"}, "SE", expected_version=1)
    assert person.version == 2
    with pytest.raises(StaleVersion, match="changed by someone else"):
        update_person(uow, STAFF, person.id, {"city": "Ystad"}, "SE", expected_version=1)
    assert person.city == "Malmö" and person.version == 2
    assert len(uow.events("registry.person.updated")) == 1


def test_without_a_version_the_change_is_made_whatever_was_read(uow):
    person = a_person(uow, city="Lund")
    update_person(uow, STAFF, person.id, {"city": "Malmö"}, "SE")
    update_person(uow, STAFF, person.id, {"city": "Ystad"}, "SE")
    assert person.version == 3


def test_another_writer_between_read_and_write_is_a_stale_version(uow):
    person = a_person(uow, city="Lund")
    uow.persons.changed_elsewhere[person.id] = 1
    with pytest.raises(StaleVersion):
        update_person(uow, STAFF, person.id, {"city": "Malmö"}, "SE")
    assert uow.published == [] and uow.changes.entries == []


def test_an_unknown_person_is_not_found(uow):
    with pytest.raises(PersonNotFound, match="no person with id p-nobody"):
        update_person(uow, STAFF, "p-nobody", {"city": "Lund"}, "SE")


def test_a_bad_field_is_named_and_nothing_changes(uow):
    person = a_person(uow, email="asa@example.se")
    with pytest.raises(InvalidInput) as refused:
        update_person(uow, STAFF, person.id, {"email": "asa at example"}, "SE")
    assert list(refused.value.errors) == ["email"]
    assert person.email == "asa@example.se" and uow.published == []


def test_a_required_name_cannot_be_emptied(uow):
    person = a_person(uow)
    with pytest.raises(InvalidInput) as refused:
        update_person(uow, STAFF, person.id, {"first_name": "  "}, "SE")
    assert refused.value.errors == {"first_name": ["required"]}


def test_taking_another_persons_personnummer_is_a_conflict(uow):
    a_person(uow, "Erik", "Berg", personnummer="198112189876")
    person = a_person(uow)
    with pytest.raises(Conflict) as refused:
        update_person(uow, STAFF, person.id, {"personnummer": "811218-9876"}, "SE")
    assert refused.value.field == "personnummer"


def test_keeping_ones_own_personnummer_is_no_conflict(uow):
    person = a_person(uow, personnummer="198112189876")
    update_person(uow, STAFF, person.id, {"personnummer": "19811218-9876", "city": "Lund"}, "SE")
    assert person.city == "Lund"


def test_members_correct_themselves_and_no_one_else(uow):
    me, stranger = a_person(uow), a_person(uow, "Erik", "Berg")
    update_person(uow, scoped(me.id), me.id, {"city": "Lund"}, "SE")
    with pytest.raises(OutOfScope, match="outside your scopes"):
        update_person(uow, scoped(me.id), stranger.id, {"city": "Lund"}, "SE")
    assert me.city == "Lund" and stranger.city is None


def test_the_own_person_is_found_through_the_linked_login_account(uow):
    me = a_person(uow, user_id="u-member")
    update_person(uow, scoped(), me.id, {"city": "Lund"}, "SE")
    assert me.city == "Lund"


def test_a_family_view_right_reads_but_does_not_change(uow):
    parent, child = a_person(uow), a_person(uow, "Kim")
    actor = scoped(parent.id, family_rights={child.id: ["view"]})
    with pytest.raises(OutOfScope):
        update_person(uow, actor, child.id, {"city": "Lund"}, "SE")
    managing = scoped(parent.id, family_rights={child.id: ["view", "manage"]})
    update_person(uow, managing, child.id, {"city": "Lund"}, "SE")
    assert child.city == "Lund"


def test_reach_comes_from_the_scopes_the_gateway_sent(uow):
    parent, child = a_person(uow, user_id="u-member"), a_person(uow, "Kim")
    a_family(uow, parent, (child, ""))  # the register has it; the gateway has not sent it yet
    with pytest.raises(OutOfScope):
        update_person(uow, scoped(), child.id, {"city": "Lund"}, "SE")
    update_person(
        uow, scoped(family_rights={child.id: ["manage"]}), child.id, {"city": "Lund"}, "SE"
    )
    assert child.city == "Lund"


def test_a_leader_corrects_the_members_of_the_groups_they_lead(uow):
    leader, player, other = a_person(uow), a_person(uow, "Kim"), a_person(uow, "Bo")
    group = a_group(uow, **{player.id: "member", leader.id: "leader"})
    actor = scoped(leader.id, groups_led=[group.id])
    update_person(uow, actor, player.id, {"city": "Lund"}, "SE")
    with pytest.raises(OutOfScope):
        update_person(uow, actor, other.id, {"city": "Lund"}, "SE")


def test_staff_only_extra_fields_are_no_field_to_a_member(uow):
    me = a_person(uow)
    a_field(uow, "secret", staff_only=True)
    with pytest.raises(InvalidInput) as refused:
        update_person(uow, scoped(me.id), me.id, {"extra_fields": {"secret": "x"}}, "SE")
    assert refused.value.errors == {"extra_fields": {"secret": ["no such field"]}}
    update_person(uow, STAFF, me.id, {"extra_fields": {"secret": "x"}}, "SE")
    assert uow.fields.of_person(me.id) == [("secret", True, '"x"')]


def test_a_field_required_in_a_context_may_stay_as_stored(uow):
    person = a_person(uow)
    a_field(uow, "club", required_in="purchase")
    a_field(uow, "size", "number")
    purchase = {"extra_fields": {"size": 40}, "context": "purchase"}
    with pytest.raises(InvalidInput) as refused:
        update_person(uow, STAFF, person.id, purchase, "SE")
    assert refused.value.errors == {"extra_fields": {"club": ["required for purchase"]}}
    update_person(uow, STAFF, person.id, {"extra_fields": {"club": "IFK"}}, "SE")
    update_person(uow, STAFF, person.id, purchase, "SE")
    assert sorted(key for key, _staff, _v in uow.fields.of_person(person.id)) == ["club", "size"]


def test_an_event_from_identity_links_the_account_in_the_callers_transaction(uow):
    person = a_person(uow)
    identity = Actor.service("identity")
    with uow.transaction():
        changed = apply_fields(uow, identity, person, {"user_id": "u-1", "is_staff": True})
    assert changed == {"user_id": "u-1", "is_staff": True}
    assert uow.changes.of(person.id)[0]["by"] == "service:identity"
