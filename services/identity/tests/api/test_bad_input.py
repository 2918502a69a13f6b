"""Bad input is a 4xx naming the field, never a 500 (issue 17, findings 5 and 8)."""

from __future__ import annotations

import pytest

from foyer_testing.inputs import DEEPLY_NESTED, EveryServiceInputTests, field_errors, send_json


class TestEveryService(EveryServiceInputTests):
    """Paging bounds and blueprints: the checks every service runs (foyer_testing.inputs)."""


def signed(as_staff, method, path):
    return as_staff(method, path, "*", user_id="boss")


def test_a_lone_surrogate_on_the_unauthenticated_refresh_is_422_naming_it(client):
    response = send_json(client, "POST", "/auth/refresh", '{"refresh_token": "\\ud800"}')
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "refresh_token" in field_errors(response)
    assert response.json["request_id"]


def test_a_lone_surrogate_in_a_login_or_a_new_account_is_422_naming_it(client, as_staff):
    login = send_json(client, "POST", "/auth/login", '{"username": "a\\udfffb", "password": "x"}')
    assert login.status_code == 422 and "username" in field_errors(login)
    body = '{"username": "anna", "email": "a@example.se", "roles": ["\\ud83d"]}'
    created = send_json(client, "POST", "/users", body, signed(as_staff, "POST", "/users"))
    assert created.status_code == 422 and field_errors(created) == {
        "roles": {"0": [created.json["message"]]}
    }


def test_deeply_nested_json_is_400(client):
    response = send_json(client, "POST", "/auth/login", DEEPLY_NESTED)
    assert response.status_code == 400 and "json" in response.json["errors"]


def test_nesting_within_the_limit_is_still_validated_by_the_schema(client):
    response = send_json(client, "POST", "/auth/login", '{"username": [[[["x"]]]]}')
    assert response.status_code == 422 and "username" in field_errors(response)


@pytest.mark.parametrize(
    "query",
    ["since=2026-01-01T00:00:00", "until=2026-01-01T00:00:00", "since=0001-01-01T00:00:00%2B01:00"],
)
def test_a_date_time_without_a_zone_or_out_of_range_is_422_naming_it(client, as_staff, query):
    response = client.get(f"/audit?{query}", headers=signed(as_staff, "GET", "/audit"))
    assert response.status_code == 422
    assert query.split("=")[0] in field_errors(response, "query")


def test_a_role_period_without_a_zone_is_422_naming_it(client, as_staff, owner):
    path = f"/users/{owner.id}/roles"
    response = client.put(
        path,
        headers=signed(as_staff, "PUT", path),
        json={"roles": [{"role": "member", "valid_from": "2026-01-01T00:00:00"}]},
    )
    assert response.status_code == 422
    assert "valid_from" in field_errors(response)["roles"]["0"]


@pytest.mark.parametrize("username", ["anna\x00", "anna\nberg", "anna\tberg", "anna\x85"])
def test_usernames_refuse_control_characters(client, as_staff, username):
    response = client.post(
        "/users",
        headers=signed(as_staff, "POST", "/users"),
        json={"username": username, "email": "anna@example.se"},
    )
    assert response.status_code == 422 and "username" in field_errors(response)


def test_nul_in_a_login_a_search_or_a_reset_is_422_not_500(client, as_staff):
    login = client.post("/auth/login", json={"username": "own\x00er", "password": "x"})
    assert login.status_code == 422 and "username" in field_errors(login)
    search = client.get("/users?username=a%00", headers=signed(as_staff, "GET", "/users"))
    assert search.status_code == 422 and "username" in field_errors(search, "query")
    audit = client.get("/audit?kind=login%00", headers=signed(as_staff, "GET", "/audit"))
    assert audit.status_code == 422 and "kind" in field_errors(audit, "query")
    reset = client.post("/auth/password-reset", json={"username_or_email": "a\x00"})
    assert reset.status_code == 422 and "username_or_email" in field_errors(reset)


def test_role_names_refuse_controls_and_descriptions_only_nul_and_the_like(client, as_staff):
    headers = signed(as_staff, "POST", "/roles")
    named = client.post("/roles", headers=headers, json={"name": "coach\x00", "permissions": []})
    assert named.status_code == 422 and "name" in field_errors(named)
    described = client.post(
        "/roles",
        headers=headers,
        json={"name": "coach", "description": "line one\x00", "permissions": []},
    )
    assert described.status_code == 422 and "description" in field_errors(described)
    multi_line = client.post(
        "/roles",
        headers=headers,
        json={"name": "coach", "description": "line one\nline two\tend", "permissions": []},
    )
    assert multi_line.status_code == 201, multi_line.json
    assignment = client.put(
        f"/users/{multi_line.json['id']}/roles",
        headers=signed(as_staff, "PUT", f"/users/{multi_line.json['id']}/roles"),
        json={"roles": [{"role": "coach\x00"}]},
    )
    assert assignment.status_code == 422 and "role" in field_errors(assignment)["roles"]["0"]
