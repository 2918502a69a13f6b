"""Cards through the Flask client on PostgreSQL: create (with the registry's command), change,
status history, tags, responsible, company link, filters, search, paging, bad input."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from crm.models import messaging
from foyer_shared.db import new_id


def commands(db, routing_key: str) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    return [json.loads(r.body)["data"] for r in rows if r.routing_key == routing_key]


@pytest.fixture()
def tags(call):
    def tag(name: str, applies_to: str = "person") -> str:
        return call.ok("POST", "/tags", 201, json={"name": name, "applies_to": applies_to})["id"]

    return tag


def test_a_card_with_nothing_filled_in_is_a_prospect_and_a_registry_person(call, db):
    card = call.ok("POST", "/contacts", 201, json={})
    assert (card["kind"], card["status"], card["name"]) == ("person", "prospect", "")
    [command] = commands(db, "registry.create_person")
    assert command["person_id"] == card["person_id"]
    assert command["fields"] == {
        "first_name": None,
        "last_name": None,
        "email": None,
        "phone": None,
    }
    assert command["requested_by"] == "test-user"
    detail = call.ok("GET", f"/contacts/{card['id']}")
    [change] = detail["status_changes"]
    assert (change["from_status"], change["to_status"], change["changed_by"]) == (
        None,
        "prospect",
        "test-user",
    )


def test_a_company_card_and_its_contact_person(call, db, add_staff, tags):
    seller = add_staff(None, "manager")
    partner = tags("Partner", "company")
    company = call.ok(
        "POST",
        "/contacts",
        201,
        json={
            "kind": "company",
            "company_name": " Friskvård  AB ",
            "phone": "070-123 45 67",
            "status": "customer",
            "responsible_user_id": seller,
            "tag_ids": [partner],
        },
    )
    assert (company["name"], company["status"], company["responsible_user_id"]) == (
        "Friskvård AB",
        "customer",
        seller,
    )
    assert [t["id"] for t in company["tags"]] == [partner]
    person = call.ok(
        "POST",
        "/contacts",
        201,
        json={"first_name": "Åsa", "email": "ASA@example.se", "company_id": company["id"]},
    )
    assert (person["company_id"], person["email"]) == (company["id"], "asa@example.se")
    created = commands(db, "registry.create_person")
    assert created[0]["fields"]["phone"] == "+46701234567"
    at_company = call.ok("GET", f"/contacts?company_id={company['id']}")
    assert [c["id"] for c in at_company] == [person["id"]]


def test_status_changes_are_recorded_with_who_and_when(call):
    card = call.ok("POST", "/contacts", 201, json={"first_name": "Erik"})
    call.ok("PATCH", f"/contacts/{card['id']}", json={"status": "customer"})
    call.ok("PATCH", f"/contacts/{card['id']}", json={"status": "customer"})  # no change
    changed = call.ok("PATCH", f"/contacts/{card['id']}", json={"status": "former"})
    assert changed["status_changed_by"] == "test-user" and changed["status_changed_at"]
    history = call.ok("GET", f"/contacts/{card['id']}")["status_changes"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("customer", "former"),
        ("prospect", "customer"),
        (None, "prospect"),
    ]


def test_responsible_must_hold_the_responsible_role(call, add_staff):
    trainer, manager = add_staff(None, "trainer"), add_staff(None, "manager")
    member_only = add_staff(None, "member")
    card = call.ok("POST", "/contacts", 201, json={})
    call.ok("PATCH", f"/contacts/{card['id']}", json={"responsible_user_id": trainer})
    for nobody in (member_only, new_id()):
        response = call("PATCH", f"/contacts/{card['id']}", json={"responsible_user_id": nobody})
        assert response.status_code == 422
        assert "responsible_user_id" in response.json["errors"]["json"]
    call.ok("PATCH", "/settings", json={"responsible_role": "manager"})
    refused = call("POST", "/contacts", json={"responsible_user_id": trainer})
    assert refused.status_code == 422 and "manager" in refused.json["message"]
    call.ok("PATCH", f"/contacts/{card['id']}", json={"responsible_user_id": manager})
    # The card keeps a responsible whose role went since; only a new choice is checked.
    call.ok("PATCH", f"/contacts/{card['id']}", json={"note": "still fine"})


def test_tags_unknown_archived_or_of_the_other_kind_are_422(call, tags):
    gold, partner = tags("Gold"), tags("Partner", "company")
    card = call.ok("POST", "/contacts", 201, json={"tag_ids": [gold]})
    call.ok("PATCH", f"/tags/{gold}", json={"archived": True})
    # Kept while archived; cannot be given to another card.
    kept = call.ok("PATCH", f"/contacts/{card['id']}", json={"tag_ids": [gold]})
    assert kept["tags"] == [{"id": gold, "name": "Gold", "archived": True}]
    for tag_ids in ([new_id()], [partner]):
        response = call("POST", "/contacts", json={"tag_ids": tag_ids})
        assert response.status_code == 422 and "tag_ids" in response.json["errors"]["json"]
    response = call("POST", "/contacts", json={"tag_ids": [gold]})
    assert response.status_code == 422 and "archived" in response.json["message"]


def test_bad_input_names_the_field(call):
    for body, field in [
        ({"status": "lost"}, "status"),
        ({"email": "åsa@x"}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"company_id": new_id()}, "company_id"),
        ({"kind": "robot"}, "kind"),
    ]:
        response = call("POST", "/contacts", json=body)
        assert response.status_code == 422, body
        assert field in response.json["errors"]["json"], response.json
    person = call.ok("POST", "/contacts", 201, json={})
    response = call("POST", "/contacts", json={"company_id": person["id"]})
    assert response.status_code == 422 and "company" in response.json["message"]
    assert call("PATCH", f"/contacts/{new_id()}", json={"note": "x"}).status_code == 404


def test_lists_filter_by_responsible_status_and_tags_combined(call, add_staff, tags):
    seller, gold, silver = add_staff(None, "manager"), tags("Gold"), tags("Silver")
    made = {
        name: call.ok("POST", "/contacts", 201, json={"last_name": name, **body})["id"]
        for name, body in {
            "Ek": {"tag_ids": [gold, silver], "responsible_user_id": seller},
            "Berg": {"tag_ids": [gold], "status": "customer", "responsible_user_id": seller},
            "Ås": {"tag_ids": [silver], "status": "customer"},
            "Lind": {"email": "lind@example.se"},
        }.items()
    }

    def names(query: str) -> list[str]:
        return [c["last_name"] for c in call.ok("GET", f"/contacts?{query}")]

    assert names(f"responsible_user_id={seller}") == ["Berg", "Ek"]
    assert names("status=customer") == ["Berg", "Ås"]
    assert names("status=customer&status=prospect") == ["Berg", "Ek", "Lind", "Ås"]
    assert names(f"tag={gold}") == ["Berg", "Ek"]
    assert names(f"tag={gold}&tag={silver}") == ["Ek"]
    assert names(f"tag={silver}&status=customer") == ["Ås"]
    assert names(f"tag={gold}&responsible_user_id={seller}&status=prospect") == ["Ek"]
    assert names("q=LIND") == ["Lind"] and names("q=example.se") == ["Lind"]
    assert names("q=100%25") == []
    assert len(made) == 4
    page = call("GET", "/contacts?page=2&page_size=3")
    assert json.loads(page.headers["X-Pagination"])["total"] == 4 and len(page.json) == 1


def test_unknown_filter_values_are_422_naming_them(call):
    response = call("GET", f"/contacts?tag={new_id()}")
    assert response.status_code == 422 and "tag" in response.json["errors"]["json"]
    response = call("GET", "/contacts?status=lost")
    assert response.status_code == 422 and "status" in response.json["errors"]["query"]


def test_writing_needs_crm_contacts_write(call):
    response = call("POST", "/contacts", "crm.contacts.read", json={})
    assert response.status_code == 403 and "crm.contacts.write" in response.json["message"]


def test_creating_in_the_crm_needs_what_registering_at_the_registry_needs(call):
    response = call("POST", "/contacts", "crm.contacts.write", "registry.persons.write", json={})
    assert response.status_code == 403 and "registry.persons.all" in response.json["message"]
    allowed = ("crm.contacts.write", "registry.persons.write", "registry.persons.all")
    assert call("POST", "/contacts", *allowed, json={}).status_code == 201
