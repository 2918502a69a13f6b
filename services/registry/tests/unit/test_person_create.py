"""Registering persons and companies (use_cases/persons.py) on the in-memory unit of work."""

from __future__ import annotations

import pytest
from registry_fakes import STAFF, a_field, a_person, scoped
from registry_testing import pnr

from foyer_shared.identifiers import normalise_personnummer
from registry.domain import InvalidInput
from registry.use_cases import Conflict, OutOfScope
from registry.use_cases.persons import create_person

ÅSA = {"first_name": "Åsa", "last_name": "Lindström", "email": " Asa@Example.se "}


def test_a_new_person_is_stored_at_version_one_with_normalised_fields(uow):
    person = create_person(uow, STAFF, {**ÅSA, "phone": "070-123 45 67"}, "SE")
    stored = uow.persons.get(person.id)
    assert stored is person and person.version == 1 and uow.commits == 1
    assert (person.email, person.phone) == ("asa@example.se", "+46701234567")
    assert person.sort_name == "lindström åsa"
    assert "asa@example.se" in person.search_text


def test_registry_person_created_carries_the_facts_and_never_the_personnummer(uow):
    person = create_person(uow, STAFF, {**ÅSA, "personnummer": pnr()}, "SE")
    (event,) = uow.events("registry.person.created")
    assert event == {
        "person_id": person.id,
        "kind": "person",
        "fields": {
            "first_name": "Åsa",
            "last_name": "Lindström",
            "email": "asa@example.se",
            "phone": None,
            # Reminder channels go along so notify knows them from creation (issue 19).
            "remind_by_email": True,
            "remind_by_sms": False,
        },
    }
    assert person.birth_date.isoformat() == "1980-01-01"


def test_a_company_is_announced_with_its_name_and_organisation_number(uow):
    data = {"kind": "company", "company_name": "Bolaget AB", "org_number": "5560360793"}
    company = create_person(uow, STAFF, data, "SE")
    (event,) = uow.events("registry.person.created")
    assert event["kind"] == "company"
    assert event["fields"]["company_name"] == "Bolaget AB"
    assert event["fields"]["org_number"] == company.org_number == "556036-0793"
    assert company.sort_name == "bolaget ab"


def test_the_change_log_holds_each_initial_value_by_the_caller(uow):
    person = create_person(uow, STAFF, ÅSA, "SE")
    logged = {e["field"]: (e["old"], e["new"], e["by"]) for e in uow.changes.of(person.id)}
    assert logged == {
        "first_name": (None, "Åsa", "u-desk"),
        "last_name": (None, "Lindström", "u-desk"),
        "email": (None, "asa@example.se", "u-desk"),
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"last_name": "Lindström"}, "first_name"),
        ({"first_name": "Åsa"}, "last_name"),
        ({**ÅSA, "email": "asa@@example.se"}, "email"),
        ({**ÅSA, "personnummer": "19800101-1235"}, "personnummer"),
        ({**ÅSA, "country": "Sverige"}, "country"),
        ({**ÅSA, "company_name": "Bolaget AB"}, "company_name"),
        ({**ÅSA, "note": "a\x00b"}, "note"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(uow, data, field):
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, data, "SE")
    assert field in refused.value.errors
    assert uow.persons.rows == {} and uow.published == [] and uow.commits == 0


def test_a_company_needs_its_name(uow):
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, {"kind": "company", "email": "info@bolaget.se"}, "SE")
    assert refused.value.errors == {"company_name": ["required"]}


def test_every_bad_field_is_named_at_once(uow):
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, {"email": "nope", "phone": "12"}, "SE")
    assert set(refused.value.errors) == {"email", "phone", "first_name", "last_name"}


@pytest.mark.parametrize("field", ["personnummer", "org_number"])
def test_a_number_another_person_has_is_a_conflict_naming_it(uow, field):
    value = pnr() if field == "personnummer" else "556036-0793"
    kind = "person" if field == "personnummer" else "company"
    stored = normalise_personnummer(value) if kind == "person" else value
    a_person(uow, kind=kind, **{field: stored})
    data = {**ÅSA, field: value} if kind == "person" else {"kind": kind, "company_name": "B"}
    data[field] = value
    with pytest.raises(Conflict) as refused:
        create_person(uow, STAFF, data, "SE")
    assert refused.value.field == field
    assert str(refused.value) == f"a person with this {field} exists"
    assert len(uow.persons.rows) == 1 and uow.published == []


def test_a_caller_narrowed_by_scopes_registers_no_one(uow):
    with pytest.raises(OutOfScope, match="registry.persons.all"):
        create_person(uow, scoped("p-me"), ÅSA, "SE")
    assert uow.persons.rows == {}


def test_extra_fields_are_checked_stored_and_logged(uow):
    a_field(uow, "shoe_size", "number")
    person = create_person(uow, STAFF, {**ÅSA, "extra_fields": {"shoe_size": "42"}}, "SE")
    (value,) = uow.fields.values.values()
    assert (value.person_id, value.value) == (person.id, "42")
    assert {"field": "extra_fields.shoe_size", "old": None, "new": 42} in [
        {k: e[k] for k in ("field", "old", "new")} for e in uow.changes.of(person.id)
    ]


@pytest.mark.parametrize(
    ("extra", "context", "field", "message"),
    [
        ({"shoe_size": "big"}, None, "shoe_size", None),
        ({"no_such": 1}, None, "no_such", ["no such field"]),
        ({}, "registration", "shoe_size", ["required for registration"]),
    ],
)
def test_bad_extra_fields_are_named_under_extra_fields(uow, extra, context, field, message):
    a_field(uow, "shoe_size", "number", required_in="registration")
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, {**ÅSA, "extra_fields": extra, "context": context}, "SE")
    assert list(refused.value.errors["extra_fields"]) == [field]
    if message:
        assert refused.value.errors["extra_fields"][field] == message
    assert uow.persons.rows == {} and uow.fields.values == {} and uow.published == []


def test_an_unknown_context_is_refused(uow):
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, {**ÅSA, "context": "party"}, "SE")
    assert list(refused.value.errors) == ["context"]


def test_a_person_reference_must_name_a_person_in_the_register(uow):
    a_field(uow, "sponsor", "person_ref")
    missing = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"
    with pytest.raises(InvalidInput) as refused:
        create_person(uow, STAFF, {**ÅSA, "extra_fields": {"sponsor": missing}}, "SE")
    assert refused.value.errors == {"extra_fields": {"sponsor": ["no person with this id"]}}
    sponsor = a_person(uow, "Erik", "Berg")
    person = create_person(uow, STAFF, {**ÅSA, "extra_fields": {"sponsor": sponsor.id}}, "SE")
    assert uow.fields.of_person(person.id)[0][0] == "sponsor"
