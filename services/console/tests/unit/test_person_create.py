"""Registering a person or a company at the desk (issue 23 §2 in the console): the fields the
owner requires for staff are marked and asked for, the registry's refusal is shown at its
field, and only unscoped staff with write get the page."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

NEW = "3d6f1e2a-8b9c-4d0e-a1f2-b3c4d5e6f708"
REQUIRED = [
    {"scenario": "registration", "base": ["email"], "extra_fields": [], "must_tick": []},
    {
        "scenario": "staff_create",
        "base": ["phone"],
        "extra_fields": ["terms", "shirt"],
        "must_tick": ["terms"],
    },
]
FIELDS = [
    {"key": "terms", "label": "Accepts the terms", "type": "checkbox"},
    {"key": "shirt", "label": "T-shirt size", "type": "list", "options": ["S", "M", "L"]},
    {"key": "allergy", "label": "Allergy", "type": "long_text"},
]
DESK = ["registry.persons.read", "registry.persons.write", "registry.persons.all"]


@pytest.fixture
def desk(signed_in, gateway):
    gateway.permissions = DESK
    gateway.on("GET", "/api/registry/required-fields", 200, REQUIRED)
    gateway.on("GET", "/api/registry/fields", 200, FIELDS)
    gateway.on("GET", "/api/registry/persons", 200, [])
    card = {"id": NEW, "kind": "person", "display_name": "Åsa Lindström", "interests": []}
    gateway.on("GET", f"/api/registry/persons/{NEW}", 200, card)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    return signed_in


def posted(gateway) -> list[dict]:
    create = ("POST", "/api/registry/persons")
    return [kw["json"] for m, p, _t, kw in gateway.calls if (m, p) == create]


def test_the_search_links_the_form_which_marks_what_staff_must_fill(desk):
    assert 'href="/persons/new"' in desk.get("/search").text
    page = desk.get("/persons/new").text
    assert "Phone (required)" in page and 'id="f-phone"' in page
    assert page.count(" required") >= 3  # phone, the terms box, the size list
    assert "Accepts the terms (must be ticked)" in page and "T-shirt size (required)" in page
    assert "Allergy" not in page  # not required for staff: not asked here
    assert "Personnummer" in page and "Company name" not in page
    company = desk.get("/persons/new?kind=company").text
    assert "Company name" in company and "Personnummer" not in company


def test_a_registered_person_goes_to_the_registry_and_opens_the_card(desk, gateway):
    created = {"id": NEW, "display_name": "Åsa Lindström"}
    gateway.on("POST", "/api/registry/persons", 201, created)
    form = {
        "first_name": " Åsa ",
        "last_name": "Lindström",
        "phone": "070-123 45 67",
        "email": "",
        "extra_terms": "yes",
        "extra_shirt": "M",
    }
    token = csrf_of(desk.get("/persons/new").text)
    done = desk.post("/persons/new", data={"csrf_token": token, **form}, follow_redirects=True)
    assert done.status_code == 200 and "Åsa Lindström is registered." in done.text
    assert posted(gateway) == [
        {
            "kind": "person",
            "first_name": "Åsa",
            "last_name": "Lindström",
            "phone": "070-123 45 67",
            "extra_fields": {"terms": True, "shirt": "M"},
        }
    ]


def test_the_registry_refusal_is_shown_at_each_field_and_the_form_kept(desk, gateway):
    errors = {
        "json": {
            "phone": ["required for staff_create"],
            "extra_fields": {"terms": ["must be ticked for staff_create"]},
        }
    }
    gateway.on("POST", "/api/registry/persons", 422, {"message": "invalid", "errors": errors})
    token = csrf_of(desk.get("/persons/new").text)
    page = desk.post("/persons/new", data={"csrf_token": token, "first_name": "Åsa"})
    assert page.status_code == 422
    assert 'id="f-phone-error">required for staff_create' in page.text
    assert 'id="f-extra_terms-error">must be ticked for staff_create' in page.text
    assert 'value="Åsa"' in page.text


def test_scoped_or_read_only_staff_get_no_link_and_a_refusal(desk, gateway):
    for held in (["registry.persons.read"], ["registry.persons.read", "registry.persons.write"]):
        gateway.permissions = held  # a trainer; a member correcting their own card
        assert 'href="/persons/new"' not in desk.get("/search").text
        assert desk.get("/persons/new").status_code == 403
        token = csrf_of(desk.get("/search").text)
        refused = desk.post("/persons/new", data={"csrf_token": token, "first_name": "Åsa"})
        assert refused.status_code == 403
    assert not posted(gateway)
