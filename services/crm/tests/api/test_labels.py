"""Tags, to-do types and history types: create, rename, archive; names unique; access."""

from __future__ import annotations

import pytest

from foyer_shared.db import new_id


def test_a_tag_is_created_renamed_archived_and_listed(call):
    tag = call.ok("POST", "/tags", 201, json={"name": "  Gold   member ", "applies_to": "person"})
    assert (tag["name"], tag["applies_to"], tag["archived"]) == ("Gold member", "person", False)
    renamed = call.ok("PATCH", f"/tags/{tag['id']}", json={"name": "Gold"})
    assert renamed["name"] == "Gold"
    archived = call.ok("PATCH", f"/tags/{tag['id']}", json={"archived": True})
    assert archived["archived"] and archived["archived_at"]
    call.ok("POST", "/tags", 201, json={"name": "Partner", "applies_to": "company"})
    assert [t["name"] for t in call.ok("GET", "/tags")] == ["Gold", "Partner"]
    assert [t["name"] for t in call.ok("GET", "/tags?archived=false")] == ["Partner"]
    assert [t["name"] for t in call.ok("GET", "/tags?applies_to=person")] == ["Gold"]
    back = call.ok("PATCH", f"/tags/{tag['id']}", json={"archived": False})
    assert back["archived_at"] is None


@pytest.mark.parametrize("url", ["/task-types", "/history-types"])
def test_types_have_no_applies_to_and_unique_names(call, url):
    first = call.ok("POST", url, 201, json={"name": "Call customer"})
    assert first["applies_to"] == ""
    taken = call("POST", url, json={"name": "Call customer"})
    assert taken.status_code == 409 and "name" in taken.json["errors"]["json"]
    other = call.ok("POST", url, 201, json={"name": "Visit"})
    renamed = call("PATCH", f"{url}/{other['id']}", json={"name": "Call customer"})
    assert renamed.status_code == 409


def test_the_same_tag_name_may_exist_for_persons_and_for_companies(call):
    call.ok("POST", "/tags", 201, json={"name": "VIP", "applies_to": "person"})
    call.ok("POST", "/tags", 201, json={"name": "VIP", "applies_to": "company"})


def test_bad_input_is_422_naming_the_field(call):
    response = call("POST", "/tags", json={"name": "X", "applies_to": "dog"})
    assert response.status_code == 422 and "applies_to" in response.json["errors"]["json"]
    response = call("POST", "/task-types", json={"name": "   "})
    assert response.status_code == 422 and "name" in response.json["errors"]["json"]


def test_a_label_of_another_kind_is_404(call):
    task_type = call.ok("POST", "/task-types", 201, json={"name": "Call"})
    response = call("PATCH", f"/history-types/{task_type['id']}", json={"name": "x"})
    assert response.status_code == 404
    assert call("PATCH", f"/tags/{new_id()}", json={"name": "x"}).status_code == 404


def test_changing_labels_needs_crm_settings_write(call):
    body = {"name": "X", "applies_to": "person"}
    response = call("POST", "/tags", "crm.contacts.write", json=body)
    assert response.status_code == 403 and "crm.settings.write" in response.json["message"]
    assert call("GET", "/task-types", "crm.tasks.read").status_code == 200
    assert call("GET", "/task-types", "crm.contacts.read").status_code == 403
