"""The CRM's settings: defaults, changes checked field by field, who may change them."""

from __future__ import annotations

from foyer_shared.db import new_id


def test_defaults_until_someone_saves(call):
    settings = call.ok("GET", "/settings")
    assert settings["responsible_role"] is None
    assert settings["timezone"] == "Europe/Stockholm"
    assert (settings["auto_link_customers"], settings["customer_role"]) == (False, "member")


def test_changes_are_kept_with_who_made_them(call):
    tag = call.ok("POST", "/tags", 201, json={"name": "Trial", "applies_to": "person"})
    tried = call.ok("POST", "/history-types", 201, json={"name": "Tried a class"})
    changed = call.ok(
        "PATCH",
        "/settings",
        json={
            "responsible_role": "manager",
            "trial_prospects": True,
            "trial_tag_id": tag["id"],
            "trial_history_type_id": tried["id"],
            "timezone": "Europe/Helsinki",
        },
    )
    assert changed["updated_by"] == "test-user"
    again = call.ok("GET", "/settings")
    assert (again["responsible_role"], again["trial_tag_id"]) == ("manager", tag["id"])
    assert again["timezone"] == "Europe/Helsinki"
    cleared = call.ok("PATCH", "/settings", json={"responsible_role": None})
    assert cleared["responsible_role"] is None and cleared["trial_prospects"] is True


def test_unknown_role_zone_or_label_is_422_naming_it(call):
    company_tag = call.ok("POST", "/tags", 201, json={"name": "Partner", "applies_to": "company"})
    for body, field in [
        ({"responsible_role": "wizard"}, "responsible_role"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"trial_tag_id": new_id()}, "trial_tag_id"),
        ({"trial_tag_id": company_tag["id"]}, "trial_tag_id"),
        ({"trial_history_type_id": company_tag["id"]}, "trial_history_type_id"),
        ({"customer_role": None}, "customer_role"),
    ]:
        response = call("PATCH", "/settings", json=body)
        assert response.status_code == 422, body
        assert field in response.json["errors"]["json"], response.json


def test_an_archived_tag_cannot_be_chosen(call):
    tag = call.ok("POST", "/tags", 201, json={"name": "Old", "applies_to": "person"})
    call.ok("PATCH", f"/tags/{tag['id']}", json={"archived": True})
    response = call("PATCH", "/settings", json={"trial_tag_id": tag["id"]})
    assert response.status_code == 422 and "archived" in response.json["message"]


def test_a_custom_role_is_known_once_identity_said_so(call, db, events):
    from crm import handlers
    from foyer_shared import contracts

    assert call("PATCH", "/settings", json={"responsible_role": "Sales"}).status_code == 422
    created = contracts.envelope(
        "identity.role.changed", role_id=new_id(), name="Sales", change="created"
    )
    with db.transaction() as session:
        handlers.IDENTITY_HANDLERS["identity.role.changed"](session, created)
    call.ok("PATCH", "/settings", json={"responsible_role": "Sales"})


def test_only_settings_write_changes_them(call):
    response = call("PATCH", "/settings", "crm.contacts.write", json={"timezone": "UTC"})
    assert response.status_code == 403 and "crm.settings.write" in response.json["message"]
    assert call("GET", "/settings", "crm.contacts.read").status_code == 200
