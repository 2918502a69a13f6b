"""Required fields per scenario (issue 23 §2) on the in-memory unit of work."""

from __future__ import annotations

import pytest
from registry_fakes import STAFF, a_field, a_person

from registry.domain import InvalidInput
from registry.use_cases.persons import create_person, update_person
from registry.use_cases.requirements import list_requirements, set_requirements

ÅSA = {"first_name": "Åsa", "last_name": "Lindström"}


def test_the_owners_list_is_enforced_when_staff_register_a_person(uow):
    set_requirements(uow, "staff_create", ["phone", "personnummer"])
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, {**ÅSA, "phone": "070-123 45 67"}, "SE")
    assert refused.value.errors == {"personnummer": ["required for staff_create"]}
    assert not uow.persons.rows  # nothing half-registered
    company = create_person(
        uow, STAFF, {"kind": "company", "company_name": "Bygg AB", "phone": "08-123 456 78"}, "SE"
    )
    assert company.company_name == "Bygg AB"  # a company has no personnummer to ask for


def test_a_box_to_tick_must_be_true_and_an_extended_field_given(uow):
    a_field(uow, "terms", "checkbox")
    a_field(uow, "size", "list", options='["S", "M"]')
    set_requirements(uow, "registration", ["extra_fields.terms", "extra_fields.size", "email"])
    data = {**ÅSA, "context": "registration", "extra_fields": {"terms": False}}
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, data, "SE")
    assert refused.value.errors == {
        "email": ["required for registration"],
        "extra_fields": {
            "size": ["required for registration"],
            "terms": ["must be ticked for registration"],
        },
    }
    data.update(email="a@b.se", extra_fields={"terms": True, "size": "M"})
    assert create_person(uow, STAFF, data, "SE").email == "a@b.se"
    create_person(uow, STAFF, ÅSA, "SE")  # staff_create asks for nothing here


def test_a_purchase_completes_what_the_person_lacks(uow):
    person = a_person(uow)
    set_requirements(uow, "purchase", ["phone"])
    with pytest.raises(InvalidInput) as refused:
        update_person(uow, STAFF, person.id, {"context": "purchase"}, "SE")
    assert refused.value.errors == {"phone": ["required for purchase"]}
    update_person(uow, STAFF, person.id, {"context": "purchase", "phone": "0701234567"}, "SE")
    update_person(uow, STAFF, person.id, {"context": "purchase", "city": "Lund"}, "SE")  # kept


def test_the_listing_names_every_scenario_with_the_extended_fields_required_there(uow):
    a_field(uow, "terms", "checkbox", required_in="registration")
    set_requirements(uow, "staff_create", ["phone"])
    listed = {entry["scenario"]: entry for entry in list_requirements(uow)}
    assert list(listed) == ["staff_create", "registration", "extra_participant", "purchase"]
    assert listed["registration"]["must_tick"] == ["terms"]
    assert listed["staff_create"]["enforced_on_import"] == ["phone"]
    assert listed["purchase"]["fields"] == []


def test_unknown_scenarios_and_names_are_refused_naming_them(uow):
    with pytest.raises(InvalidInput) as refused:
        set_requirements(uow, "checkout", ["phone"])
    assert list(refused.value.errors) == ["scenario"]
    with pytest.raises(InvalidInput) as refused:
        set_requirements(uow, "purchase", ["phone", "shoe_size", "extra_fields.nope"])
    assert refused.value.errors == {
        "fields": {
            "1": ["'shoe_size' is not a field; use a base field or extra_fields.<key>"],
            "2": ["no extended field 'nope'"],
        }
    }
    assert uow.requirements.of("purchase") == set()
