"""Extended fields: nine types checked, required per context, staff-only hidden, logged."""

from __future__ import annotations

import pytest

FIELDS = [
    {"key": "start", "label": "Start", "type": "date"},
    {"key": "trial_at", "label": "Trial", "type": "datetime"},
    {"key": "sports", "label": "Sports", "type": "multi_select", "options": ["golf", "tennis"]},
    {"key": "newsletter", "label": "News", "type": "checkbox"},
    {"key": "sponsor", "label": "Sponsor", "type": "person_ref"},
    {
        "key": "size",
        "label": "Size",
        "type": "list",
        "options": ["S", "M", "L"],
        "required_in": ["registration"],
    },
    {"key": "bio", "label": "Bio", "type": "long_text"},
    {"key": "fee", "label": "Fee", "type": "price"},
    {"key": "height", "label": "Height", "type": "number"},
    {
        "key": "risk",
        "label": "Risk",
        "type": "list",
        "options": ["low", "high"],
        "staff_only": True,
    },
]


@pytest.fixture()
def defined(api):
    for field in FIELDS:
        response = api.post("/fields", field)
        assert response.status_code == 201, response.json
    return api


def test_values_of_every_type_are_stored_normalised(defined):
    sponsor = defined.person(first_name="Sven")
    values = {
        "start": "2026-01-15",
        "trial_at": "2026-01-15T10:00:00Z",
        "sports": ["tennis", "golf"],
        "newsletter": True,
        "sponsor": sponsor["id"],
        "size": "M",
        "bio": "Hej",
        "fee": "199.5",
        "height": 181,
        "risk": "low",
    }
    person = defined.person(extra_fields=values)
    shown = defined.get(f"/persons/{person['id']}").json["extra_fields"]
    assert shown["fee"] == "199.50"
    assert shown["sports"] == ["golf", "tennis"]
    assert shown["trial_at"] == "2026-01-15T10:00:00+00:00"
    assert shown["height"] == 181 and shown["newsletter"] is True


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("start", "15/01/2026"),
        ("trial_at", "2026-01-15T10:00:00"),
        ("sports", ["chess"]),
        ("newsletter", "yes"),
        ("sponsor", "not-an-id"),
        ("sponsor", "00000000-0000-4000-8000-000000000000"),
        ("size", "XXL"),
        ("bio", "x" * 10_001),
        ("fee", "-1"),
        ("fee", "1.999"),
        ("height", "tall"),
        ("shoe", 42),
    ],
)
def test_wrong_type_or_unknown_field_is_422_naming_it(defined, key, value):
    response = defined.post(
        "/persons", {"first_name": "A", "last_name": "B", "extra_fields": {key: value}}
    )
    assert response.status_code == 422, response.json
    assert key in response.json["errors"]["json"]["extra_fields"]


def test_registration_without_a_required_field_is_422_naming_it(defined, outbox):
    body = {"first_name": "A", "last_name": "B", "context": "registration"}
    response = defined.post("/persons", body)
    assert response.status_code == 422
    errors = response.json["errors"]["json"]["extra_fields"]
    assert errors == {"size": ["required for registration"]}
    assert outbox() == []
    assert defined.post("/persons", {**body, "extra_fields": {"size": "S"}}).status_code == 201
    # Outside that context the field is optional.
    assert defined.post("/persons", {"first_name": "A", "last_name": "B"}).status_code == 201


def test_staff_only_fields_are_hidden_from_members_and_not_settable_by_them(defined):
    person = defined.person(extra_fields={"risk": "high", "size": "L"})
    member = defined.as_("member", scopes={"person_id": person["id"]})
    shown = member.get(f"/persons/{person['id']}").json["extra_fields"]
    assert shown == {"size": "L"}
    assert "risk" not in {f["key"] for f in member.get("/fields").json}
    refused = member.patch(f"/persons/{person['id']}", {"extra_fields": {"risk": "low"}})
    assert refused.status_code == 422 and "risk" in refused.json["errors"]["json"]["extra_fields"]


def test_field_changes_are_logged(defined):
    person = defined.person(extra_fields={"size": "S"})
    defined.patch(f"/persons/{person['id']}", {"extra_fields": {"size": "L"}})
    log = defined.get(f"/persons/{person['id']}/changes").json
    sizes = [(c["old"], c["new"]) for c in log if c["field"] == "extra_fields.size"]
    assert sorted(sizes, key=str) == sorted([(None, "S"), ("S", "L")], key=str)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"key": "x", "label": "X", "type": "colour"}, "type"),
        ({"key": "Bad Key", "label": "X", "type": "date"}, "key"),
        ({"key": "x", "label": "X", "type": "list"}, "options"),
        ({"key": "x", "label": "X", "type": "date", "required_in": ["checkout"]}, "required_in"),
    ],
)
def test_bad_field_definitions_are_422(api, body, field):
    response = api.post("/fields", body)
    assert response.status_code == 422 and field in response.json["errors"]["json"]


def test_duplicate_field_key_is_409(api):
    api.post("/fields", {"key": "x", "label": "X", "type": "date"})
    assert api.post("/fields", {"key": "x", "label": "Y", "type": "date"}).status_code == 409
