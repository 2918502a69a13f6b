"""Persons through the Flask client on PostgreSQL: status codes, error shape, access, outbox."""

from __future__ import annotations

import json

from sqlalchemy import select

from registry.models import messaging

READ, WRITE = "registry.persons.read", "registry.persons.write"
ASA = {"first_name": "Åsa", "last_name": "Lindström", "email": "asa@example.se"}


def create(client, as_staff, body=ASA):
    return client.post("/persons", json=body, headers=as_staff("POST", "/persons", WRITE))


def outbox_rows(app):
    with app.extensions["foyer_db"].read_only() as session:
        return session.execute(select(messaging.outbox)).all()


def test_create_then_read_back_in_utf8(client, as_staff):
    created = create(client, as_staff)
    assert created.status_code == 201, created.json
    person_id = created.json["id"]
    path = f"/persons/{person_id}"
    shown = client.get(path, headers=as_staff("GET", path, READ))
    assert shown.status_code == 200
    assert shown.json["first_name"] == "Åsa"
    assert "Åsa".encode() in shown.data  # UTF-8 on the wire, not \u escapes
    assert shown.headers["ETag"] == '"1"'


def test_create_writes_created_event_in_same_transaction(app, client, as_staff):
    person_id = create(client, as_staff).json["id"]
    rows = outbox_rows(app)
    assert len(rows) == 1
    body = json.loads(rows[0].body)
    assert (rows[0].routing_key, body["type"]) == ("registry.person.created",) * 2
    assert body["data"]["person_id"] == person_id
    assert body["data"]["fields"]["last_name"] == "Lindström"


def test_invalid_input_names_the_field_and_writes_nothing(app, client, as_staff):
    response = create(client, as_staff, {"first_name": "", "last_name": "X", "email": "nope"})
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"first_name", "email"}
    assert response.json["request_id"]
    assert outbox_rows(app) == []


def test_bad_personnummer_is_refused(client, as_staff):
    response = create(client, as_staff, {**ASA, "personnummer": "1980-01-01"})
    assert response.status_code == 422
    assert "personnummer" in response.json["errors"]["json"]


def test_duplicate_personnummer_is_a_conflict_naming_the_field(client, as_staff):
    assert create(client, as_staff, {**ASA, "personnummer": "19800101-1234"}).status_code == 201
    again = create(client, as_staff, {**ASA, "personnummer": "19800101-1234"})
    assert again.status_code == 409
    assert "personnummer" in again.json["errors"]["json"]


def test_patch_changes_only_given_fields_and_publishes_update(app, client, as_staff):
    person_id = create(client, as_staff).json["id"]
    path = f"/persons/{person_id}"
    headers = as_staff("PATCH", path, WRITE)
    response = client.patch(path, json={"phone": "+46701234567"}, headers=headers)
    assert response.status_code == 200
    assert response.json["phone"] == "+46701234567"
    assert response.json["last_name"] == "Lindström"
    updated = [json.loads(r.body) for r in outbox_rows(app) if r.routing_key.endswith("updated")]
    assert updated[0]["data"]["changed"] == {"phone": "+46701234567"}


def test_stale_if_match_is_refused(client, as_staff):
    person_id = create(client, as_staff).json["id"]
    path = f"/persons/{person_id}"
    headers = {**as_staff("PATCH", path, WRITE), "If-Match": '"7"'}
    response = client.patch(path, json={"phone": "+4670"}, headers=headers)
    assert response.status_code == 412


def test_unknown_person_is_404_in_error_shape(client, as_staff):
    path = "/persons/00000000-0000-4000-8000-000000000000"
    response = client.get(path, headers=as_staff("GET", path, READ))
    assert response.status_code == 404
    assert set(response.json) >= {"code", "status", "message", "request_id"}


def test_search_finds_by_text_with_total(client, as_staff):
    create(client, as_staff)
    create(client, as_staff, {"first_name": "Erik", "last_name": "Berg", "email": "e@example.se"})
    response = client.get("/persons?q=lindstr", headers=as_staff("GET", "/persons", READ))
    assert response.status_code == 200
    assert [p["last_name"] for p in response.json] == ["Lindström"]
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_no_context_is_401(client):
    response = client.get("/persons")
    assert response.status_code == 401
    assert "gateway" in response.json["message"]


def test_tampered_context_is_401(client, as_staff):
    headers = as_staff("GET", "/persons", READ)
    token = headers["X-Foyer-Context"]
    headers["X-Foyer-Context"] = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get("/persons", headers=headers).status_code == 401


def test_context_for_another_route_is_401(client, as_staff):
    headers = as_staff("GET", "/persons/00000000-0000-4000-8000-000000000000", READ)
    assert client.get("/persons", headers=headers).status_code == 401


def test_missing_permission_is_403_naming_it(client, as_staff):
    response = create(client, lambda m, p, *_: as_staff(m, p, READ))
    assert response.status_code == 403
    assert WRITE in response.json["message"]


def test_openapi_declares_permissions(client):
    spec = client.get("/openapi.json").json
    assert spec["paths"]["/persons"]["post"]["x-permission"] == WRITE
    assert spec["paths"]["/persons/{person_id}"]["get"]["x-permission"] == READ
    assert spec["paths"]["/health"]["get"]["x-permission"] == "public"
