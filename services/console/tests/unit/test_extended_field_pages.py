"""Extended fields on the card and in its edit form (issue 21 §3): shown by their labels,
edited by their types, only what changed sent, and the registry's refusal at its field."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
FIELDS = [
    {"key": "terms", "label": "Accepts the terms", "type": "checkbox"},
    {"key": "shirt", "label": "T-shirt size", "type": "list", "options": ["S", "M", "L"]},
    {"key": "sports", "label": "Sports", "type": "multi_select", "options": ["run", "swim"]},
    {"key": "visits", "label": "Visits", "type": "number"},
    {"key": "allergy", "label": "Allergy", "type": "long_text"},
]
STORED = {"terms": True, "shirt": "M", "sports": ["run", "swim"], "visits": 10, "allergy": None}
CARD = {
    "id": PERSON,
    "kind": "person",
    "display_name": "Åsa Lindström",
    "first_name": "Åsa",
    "last_name": "Lindström",
    "interests": [],
    "version": 3,
    "extra_fields": STORED,
}
PATCH = ("PATCH", f"/api/registry/persons/{PERSON}")


@pytest.fixture
def desk(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "registry.persons.write"]
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, CARD)
    gateway.on("GET", "/api/registry/fields", 200, FIELDS)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on(*PATCH, 200, CARD)
    return signed_in


def patches(gateway) -> list[dict]:
    return [kw["json"] for m, p, _t, kw in gateway.calls if (m, p) == PATCH]


def the_form(page: str, **changed) -> dict:
    """What the browser sends for the form as drawn, with `changed` typed over it."""
    form = {
        "csrf_token": csrf_of(page),
        "version": "3",
        "first_name": "Åsa",
        "last_name": "Lindström",
        "extra_terms": "yes",
        "extra_shirt": "M",
        "extra_sports": ["run", "swim"],
        "extra_visits": "10",
        "extra_allergy": "",
    }
    form.update(changed)
    return {k: v for k, v in form.items() if v is not None}


def test_the_card_shows_the_values_by_their_labels(desk):
    more = desk.get(f"/persons/{PERSON}").text.split('id="extras"')[1].split("</section>")[0]
    assert "T-shirt size" in more and "<dd>M</dd>" in more and "<dd>run, swim</dd>" in more
    assert "Accepts the terms" in more and "yes" in more and "Allergy" not in more  # empty


def test_the_form_draws_each_type_and_sends_only_what_changed(desk, gateway):
    page = desk.get(f"/persons/{PERSON}/edit").text
    assert 'id="f-extra_terms"' in page and "checked" in page
    assert 'name="extra_sports" multiple' in page and "<option selected>M</option>" in page
    assert '<textarea id="f-extra_allergy"' in page
    desk.post(f"/persons/{PERSON}/edit", data=the_form(page))
    assert patches(gateway) == []  # drawn and sent back as it was: nothing changed
    desk.post(
        f"/persons/{PERSON}/edit",
        data=the_form(page, extra_terms=None, extra_shirt="L", extra_allergy="Nötter"),
    )
    assert patches(gateway) == [
        {"extra_fields": {"terms": False, "shirt": "L", "allergy": "Nötter"}}
    ]


def test_a_refused_value_is_shown_at_its_field_with_what_was_typed(desk, gateway):
    errors = {"json": {"extra_fields": {"visits": ["must be a number"]}}}
    gateway.on(*PATCH, 422, {"message": "invalid", "errors": errors})
    page = desk.get(f"/persons/{PERSON}/edit").text
    refused = desk.post(f"/persons/{PERSON}/edit", data=the_form(page, extra_visits="tio"))
    assert refused.status_code == 422
    assert 'id="f-extra_visits-error">must be a number' in refused.text
    assert 'value="tio"' in refused.text
