"""Bad input is a 4xx naming the field, never a 500 (issue 17, findings 5 and 8)."""

from __future__ import annotations

import pytest

from foyer_testing.inputs import DEEPLY_NESTED, EveryServiceInputTests, field_errors, send_json


class TestEveryService(EveryServiceInputTests):
    """Paging bounds and blueprints: the checks every service runs (foyer_testing.inputs)."""


def send(api, method, path, raw):
    return send_json(api.client, method, path, raw, api.as_staff(method, path, "*"))


@pytest.mark.parametrize(
    "query",
    [
        "created_from=2026-01-01T00:00:00",
        "created_to=2026-01-01T00:00:00",
        "created_from=9999-12-31T23:00:00-05:00",
    ],
)
def test_a_date_time_without_a_zone_or_out_of_range_is_422_naming_it(api, query):
    response = api.get(f"/persons?{query}")
    assert response.status_code == 422
    assert query.split("=")[0] in field_errors(response, "query")


def test_a_bulk_filter_date_time_without_a_zone_is_422_naming_it(api):
    response = api.post(
        "/persons/bulk",
        {"filter": {"created_from": "2026-01-01T00:00:00"}, "action": {"type": "delete"}},
    )
    assert response.status_code == 422
    assert "created_from" in field_errors(response)["filter"]


def test_a_lone_surrogate_in_a_body_is_422_naming_the_field(api):
    response = send(api, "POST", "/persons", '{"first_name": "\\ud800", "last_name": "B"}')
    assert response.status_code == 422 and "first_name" in field_errors(response)
    in_a_key = send(
        api,
        "POST",
        "/persons",
        '{"first_name": "A", "last_name": "B", "extra_fields": {"\\udc00": 1}}',
    )
    assert in_a_key.status_code == 422 and "extra_fields" in field_errors(in_a_key)


def test_deeply_nested_json_is_400(api):
    response = send(api, "POST", "/persons", DEEPLY_NESTED)
    assert response.status_code == 400 and "json" in response.json["errors"]
    merely_deep = send(api, "POST", "/persons", '{"extra_fields": ' + "[" * 40 + "]" * 40 + "}")
    assert merely_deep.status_code == 400


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "Åsa\x00"),
        ("last_name", "Lind\nström"),
        ("city", "Stock\tholm"),
        ("address", "Gatan 1\x1b[2J"),
        ("note", "ok\x00"),
        ("important_note", "bell\x07"),
    ],
)
def test_names_and_free_text_refuse_control_characters(api, field, value):
    response = api.post("/persons", {"first_name": "Åsa", "last_name": "L", field: value})
    assert response.status_code == 422 and field in field_errors(response)


def test_notes_keep_their_line_breaks_and_tabs(api):
    person = api.person(note="line one\r\nline two\tend")
    assert person["note"] == "line one\r\nline two\tend"


def test_a_bulk_change_and_a_long_text_field_refuse_nul_too(api):
    person = api.person()
    bulk = api.post(
        "/persons/bulk",
        {
            "ids": [person["id"]],
            "action": {"type": "set_field", "field": "first_name", "value": "A\x00"},
        },
    )
    assert bulk.status_code == 200 and not bulk.json["results"][0]["ok"]
    assert (
        api.post("/fields", {"key": "bio", "label": "Bio", "type": "long_text"}).status_code == 201
    )
    text = api.patch(
        f"/persons/{person['id']}", {"extra_fields": {"bio": "a\x00"}}, headers={"If-Match": '"1"'}
    )
    assert text.status_code == 422 and "bio" in field_errors(text)["extra_fields"]


def test_search_terms_and_catalogue_names_refuse_control_characters(api):
    search = api.get("/persons?q=%C3%A5sa%00")
    assert search.status_code == 422 and "q" in field_errors(search, "query")
    for path in ("/groups", "/statuses", "/interest-areas"):
        response = api.post(path, {"name": "VIP\x00"})
        assert response.status_code == 422 and "name" in field_errors(response), path
    family = api.post("/families", {"name": "Fam\n", "head_id": api.person()["id"]})
    assert family.status_code == 422 and "name" in field_errors(family)
    field = api.post("/fields", {"key": "k", "label": "L\x00", "type": "list", "options": ["a\tb"]})
    assert {"label", "options"} <= set(field_errors(field))
