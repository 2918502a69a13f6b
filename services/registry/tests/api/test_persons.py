"""Persons and companies through the Flask client on PostgreSQL: fields, errors, ETag, events."""

from __future__ import annotations

import json

import pytest
from registry_testing import pnr

ASA = {"first_name": "Åsa", "last_name": "Lindström", "email": "asa@example.se"}


def test_create_then_read_back_in_utf8_with_etag(api):
    person = api.person(**ASA)
    shown = api.get(f"/persons/{person['id']}")
    assert shown.status_code == 200
    assert shown.json["first_name"] == "Åsa"
    assert "Åsa".encode() in shown.data  # UTF-8 on the wire, not \u escapes
    assert shown.headers["ETag"] == '"1"'


def test_every_person_field_is_stored_and_normalised(api):
    body = {
        **ASA,
        "personnummer": "811218-9876",
        "phone": "070-123 45 67",
        "mobile_phone": "+46 70 765 43 21",
        "address": "Storgatan 1",
        "postal_code": "111 22",
        "city": "Stockholm",
        "country": "se",
        "language": "sv",
        "remind_by_email": False,
        "remind_by_sms": True,
        "note": "likes mornings",
        "important_note": "allergic to nuts",
        "external_number": "M-1001",
        "home_facility": "Centrum",
    }
    person = api.person(**body)
    assert person["personnummer"] == "198112189876"
    assert person["birth_date"] == "1981-12-18"
    assert person["phone"] == "+46701234567"
    assert person["mobile_phone"] == "+46707654321"
    assert person["country"] == "SE"
    assert (person["remind_by_email"], person["remind_by_sms"]) == (False, True)
    for name in (
        "address",
        "postal_code",
        "city",
        "note",
        "important_note",
        "external_number",
        "home_facility",
        "language",
    ):
        assert person[name] == body[name]
    assert (person["is_staff"], person["bad_address"], person["kind"]) == (False, False, "person")


@pytest.mark.parametrize("form", ["19811218-9876", "811218-9876", "8112189876", "198112189876"])
def test_personnummer_accepted_in_four_forms_and_unique_across_them(api, form):
    api.person(personnummer="19811218-9876")
    again = api.post("/persons", {**ASA, "personnummer": form})
    assert again.status_code == 409
    assert "personnummer" in again.json["errors"]["json"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("personnummer", "19811218-9875"),  # wrong check digit
        ("personnummer", "1980-01-01"),
        ("email", "nope"),
        ("phone", "12"),
        ("mobile_phone", "not a phone"),
        ("country", "Sweden"),
        ("language", "Svenska!"),
        ("remind_by_sms", "maybe"),
        ("shoe_size", 42),  # unknown field
        ("org_number", "556036-0793"),  # a company's field on a person
    ],
)
def test_bad_input_is_422_naming_the_field_and_writes_nothing(api, outbox, field, value):
    response = api.post("/persons", {**ASA, field: value})
    assert response.status_code == 422, response.json
    assert field in response.json["errors"]["json"]
    assert response.json["request_id"]
    assert outbox() == []


def test_names_are_required_for_a_person(api):
    response = api.post("/persons", {"first_name": "Åsa"})
    assert response.status_code == 422
    assert "last_name" in response.json["errors"]["json"]


def test_refusals_read_in_swedish_when_asked(api, outbox):
    """The registry's own messages and the shared rules' reasons, for Accept-Language sv."""
    swedish = {"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.8"}
    body = {"first_name": "Åsa", "country": "S1", "personnummer": "19690502-9318"}
    refused = api.post("/persons", body, headers=swedish)
    assert refused.status_code == 422
    errors = refused.json["errors"]["json"]
    assert errors["last_name"] == ["måste fyllas i"]
    assert errors["country"] == ["ange en landskod med två bokstäver (ISO 3166), t.ex. SE"]
    assert errors["personnummer"] == ["kontrollsiffran stämmer inte"]
    english = api.post("/persons", body).json["errors"]["json"]
    assert english["last_name"] == ["required"]
    assert english["personnummer"] == ["the check digit is wrong"]
    assert outbox() == []
    # A message made with values, translated by its template.
    api.person(**ASA, personnummer="19690502-9317")
    twice = api.post("/persons", {**ASA, "personnummer": "19690502-9317"}, headers=swedish)
    assert twice.status_code == 409
    assert twice.json["message"] == "det finns redan en person med detta personnummer"


def test_email_is_not_unique_family_members_share_it(api):
    api.person(**ASA)
    assert api.post("/persons", {**ASA, "first_name": "Erik"}).status_code == 201


def test_company_with_org_number_and_addresses(api, outbox):
    body = {
        "kind": "company",
        "company_name": "Lindströms Bygg AB",
        "org_number": "5560360793",
        "invoice_address": "Box 12",
        "invoice_postal_code": "111 22",
        "invoice_city": "Stockholm",
        "visiting_address": "Hamngatan 3",
        "visiting_postal_code": "111 47",
        "visiting_city": "Stockholm",
        "email": "info@bygg.se",
    }
    response = api.post("/persons", body)
    assert response.status_code == 201, response.json
    company = response.json
    assert (company["kind"], company["org_number"]) == ("company", "556036-0793")
    assert company["display_name"] == "Lindströms Bygg AB"
    assert company["visiting_city"] == "Stockholm"
    [created] = outbox("registry.person.created")
    assert created["kind"] == "company"
    again = api.post("/persons", {**body, "org_number": "556036-0793"})
    assert again.status_code == 409 and "org_number" in again.json["errors"]["json"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("org_number", "556036-0794"), ("personnummer", pnr()), ("company_name", None)],
)
def test_bad_company_input_names_the_field(api, field, value):
    body = {"kind": "company", "company_name": "AB", field: value}
    response = api.post("/persons", body)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_create_writes_created_event_in_same_transaction(api, outbox):
    person = api.person(**ASA, personnummer=pnr())
    [created] = outbox("registry.person.created")
    assert created["person_id"] == person["id"]
    assert created["fields"]["last_name"] == "Lindström"
    assert created["fields"]["email"] == person["email"]
    assert "personnummer" not in created["fields"]  # a national id stays in the register
    assert pnr().replace("-", "") not in json.dumps(created)


def test_patch_changes_only_given_fields_and_publishes_update(api, outbox):
    person = api.person(**ASA)
    response = api.patch(f"/persons/{person['id']}", {"phone": "0701234567"})
    assert response.status_code == 200
    assert response.json["phone"] == "+46701234567"
    assert response.json["last_name"] == "Lindström"
    assert response.headers["ETag"] == '"2"'
    [updated] = outbox("registry.person.updated")
    assert updated["changed"] == {"phone": "+46701234567"}


def test_patch_with_bad_value_names_the_field(api):
    person = api.person(**ASA)
    response = api.patch(f"/persons/{person['id']}", {"personnummer": "811218-9875"})
    assert response.status_code == 422
    assert "personnummer" in response.json["errors"]["json"]


def test_patch_cannot_clear_a_required_name(api):
    person = api.person(**ASA)
    response = api.patch(f"/persons/{person['id']}", {"last_name": None})
    assert response.status_code == 422 and "last_name" in response.json["errors"]["json"]


def test_stale_if_match_is_refused_and_current_one_accepted(api):
    person = api.person(**ASA)
    path = f"/persons/{person['id']}"
    assert api.patch(path, {"city": "Lund"}, headers={"If-Match": '"7"'}).status_code == 412
    ok = api.patch(path, {"city": "Lund"}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200
    assert api.patch(path, {"city": "Malmö"}, headers={"If-Match": '"1"'}).status_code == 412


def test_change_log_records_who_when_field_old_and_new(api):
    person = api.person(**ASA)
    path = f"/persons/{person['id']}"
    api.as_(user_id="u-receptionist").patch(path, {"email": "asa.l@example.se", "city": "Lund"})
    response = api.get(f"{path}/changes")
    assert response.status_code == 200
    by_field = {c["field"]: c for c in response.json if c["changed_by"] == "u-receptionist"}
    assert by_field["email"]["old"] == "asa@example.se"
    assert by_field["email"]["new"] == "asa.l@example.se"
    assert by_field["city"]["old"] is None and by_field["city"]["changed_at"]
    created = [c for c in response.json if c["changed_by"] == "u-staff"]
    assert {c["field"] for c in created} == {"first_name", "last_name", "email"}
    assert json.loads(response.headers["X-Pagination"])["total"] == 5


def test_change_log_of_unknown_person_is_404(api):
    response = api.get("/persons/00000000-0000-4000-8000-000000000000/changes")
    assert response.status_code == 404


def test_unknown_person_is_404_in_error_shape(api):
    response = api.get("/persons/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert set(response.json) >= {"code", "status", "message", "request_id"}


def test_no_context_is_401(client):
    response = client.get("/persons")
    assert response.status_code == 401
    assert "gateway" in response.json["message"]


def test_tampered_context_is_401(client, as_staff):
    headers = as_staff("GET", "/persons", "registry.persons.read")
    token = headers["X-Foyer-Context"]
    headers["X-Foyer-Context"] = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get("/persons", headers=headers).status_code == 401


def test_context_for_another_route_is_401(client, as_staff):
    headers = as_staff(
        "GET", "/persons/00000000-0000-4000-8000-000000000000", "registry.persons.read"
    )
    assert client.get("/persons", headers=headers).status_code == 401


def test_missing_permission_is_403_naming_it(api):
    response = api.as_(permissions=["registry.persons.read"]).post("/persons", ASA)
    assert response.status_code == 403
    assert "registry.persons.write" in response.json["message"]


def test_openapi_declares_permissions(client):
    spec = client.get("/openapi.json").json
    assert spec["paths"]["/persons"]["post"]["x-permission"] == "registry.persons.write"
    assert spec["paths"]["/persons/{person_id}"]["get"]["x-permission"] == "registry.persons.read"
    assert spec["paths"]["/health"]["get"]["x-permission"] == "public"
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert "x-permission" in operation, (method, path)
            assert operation.get("summary"), (method, path)


def test_the_created_event_says_how_to_reach_the_person(api, outbox):
    """notify chooses language and reminder channel from it, not only after an update."""
    api.person(**ASA, language="cs", remind_by_email=False, remind_by_sms=True)
    [created] = outbox("registry.person.created")
    facts = created["fields"]
    assert (facts["language"], facts["remind_by_email"], facts["remind_by_sms"]) == (
        "cs",
        False,
        True,
    )
