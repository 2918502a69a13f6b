"""Contacts through the Flask client on PostgreSQL: access, filtering, pagination, errors."""

from __future__ import annotations

import json

import pytest

from crm.models import Contact
from foyer_shared.db import new_id

# Fixed, so parallel test workers collect the same test ids.
SOME_ID = "7d928ec7-086f-41a0-b352-21e6743bb4c5"

READ = "crm.contacts.read"


@pytest.fixture()
def two_contacts(app):
    contacts = [
        Contact(person_id=new_id(), first_name="Åsa", last_name="Lindström", email="a@example.se"),
        Contact(person_id=new_id(), first_name="Erik", last_name="Berg", email=None),
    ]
    with app.extensions["foyer_db"].transaction() as session:
        session.add_all(contacts)
    return contacts


def get(client, as_staff, path, *permissions):
    return client.get(path, headers=as_staff("GET", path, *permissions))


def test_list_is_sorted_by_name_with_total(client, as_staff, two_contacts):
    response = get(client, as_staff, "/contacts", READ)
    assert response.status_code == 200
    assert [c["last_name"] for c in response.json] == ["Berg", "Lindström"]
    assert response.json[1]["status"] == "prospect"
    assert json.loads(response.headers["X-Pagination"])["total"] == 2


def test_list_filtered_by_person_id(client, as_staff, two_contacts):
    asa = two_contacts[0]
    response = get(client, as_staff, f"/contacts?person_id={asa.person_id}", READ)
    assert response.status_code == 200
    assert [(c["id"], c["first_name"]) for c in response.json] == [(asa.id, "Åsa")]


def test_list_for_a_person_without_contact_is_empty(client, as_staff, two_contacts):
    response = get(client, as_staff, f"/contacts?person_id={new_id()}", READ)
    assert (response.status_code, response.json) == (200, [])


def test_malformed_person_id_is_422_naming_it(client, as_staff):
    response = get(client, as_staff, "/contacts?person_id=42", READ)
    assert response.status_code == 422
    assert "person_id" in response.json["errors"]["query"]


def test_show_one_contact(client, as_staff, two_contacts):
    erik = two_contacts[1]
    response = get(client, as_staff, f"/contacts/{erik.id}", READ)
    assert response.status_code == 200
    assert response.json["person_id"] == erik.person_id
    assert response.json["email"] is None


def test_unknown_contact_is_404_in_error_shape(client, as_staff):
    response = get(client, as_staff, f"/contacts/{new_id()}", READ)
    assert response.status_code == 404
    assert set(response.json) >= {"code", "status", "message", "request_id"}


@pytest.mark.parametrize("path", ["/contacts", f"/contacts/{SOME_ID}"])
def test_no_context_is_401(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert "gateway" in response.json["message"]


@pytest.mark.parametrize("path", ["/contacts", f"/contacts/{SOME_ID}"])
def test_missing_permission_is_403_naming_it(client, as_staff, path):
    response = get(client, as_staff, path, "crm.tasks.read")
    assert response.status_code == 403
    assert READ in response.json["message"]


def test_openapi_declares_permissions(client):
    spec = client.get("/openapi.json").json
    assert spec["paths"]["/contacts"]["get"]["x-permission"] == READ
    assert spec["paths"]["/contacts/{contact_id}"]["get"]["x-permission"] == READ
