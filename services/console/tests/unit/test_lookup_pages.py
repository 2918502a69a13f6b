"""The "Look up in register" page from the person card (issue 23 §1): shown only with
registry.lookups.use; the comparison with tick boxes; taking the ticked fields or only the
address; the register's failures said in words."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
CARD = {
    "id": PERSON,
    "kind": "person",
    "display_name": "Åsa Lindström",
    "personnummer": "198112189876",
    "interests": [],
    "version": 3,
}
COMPARISON = {
    "register": "spar",
    "cached": False,
    "fields": [
        {
            "field": "first_name",
            "card": "Åsa",
            "register": "Åsa",
            "differs": False,
            "takeable": True,
        },
        {"field": "sex", "card": None, "register": "female", "differs": False, "takeable": False},
        {
            "field": "address",
            "card": "Gamla vägen 2",
            "register": "Storgatan 1",
            "differs": True,
            "takeable": True,
        },
    ],
}
STAFF = ["registry.persons.read", "registry.persons.write", "registry.lookups.use"]


@pytest.fixture
def desk(signed_in, gateway):
    gateway.permissions = STAFF
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, CARD)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    return signed_in


def sent_to(gateway, path: str) -> list:
    return [kw.get("json") for method, p, _t, kw in gateway.calls if p == path]


def test_the_card_links_the_page_only_with_the_permission(desk, gateway):
    assert f"/persons/{PERSON}/lookup" in desk.get(f"/persons/{PERSON}").text
    gateway.permissions = ["registry.persons.read", "registry.persons.write"]
    assert f"/persons/{PERSON}/lookup" not in desk.get(f"/persons/{PERSON}").text
    assert desk.get(f"/persons/{PERSON}/lookup").status_code == 403


def test_the_comparison_has_tick_boxes_for_takeable_fields(desk, gateway):
    path = f"/api/registry/persons/{PERSON}/lookup"
    gateway.on("POST", path, 200, COMPARISON)
    form = desk.get(f"/persons/{PERSON}/lookup")
    assert 'value="198112189876"' in form.text and "SPAR" in form.text
    page = desk.post(
        f"/persons/{PERSON}/lookup",
        data={"csrf_token": csrf_of(form.text), "personnummer": "198112189876"},
    )
    assert page.status_code == 200
    assert sent_to(gateway, path) == [{"personnummer": "198112189876"}]
    assert 'name="field" value="address" checked' in page.text
    assert 'name="field" value="first_name" aria-label' in page.text  # same: not ticked
    assert 'value="sex"' not in page.text and "female" in page.text  # shown, not takeable
    assert "Storgatan 1" in page.text and "Gamla vägen 2" in page.text


def test_take_these_fields_sends_the_ticked_ones(desk, gateway):
    path = f"/api/registry/persons/{PERSON}/lookup/apply"
    gateway.on("POST", path, 200, COMPARISON)
    form = desk.get(f"/persons/{PERSON}/lookup")
    taken = desk.post(
        f"/persons/{PERSON}/lookup/apply",
        data={
            "csrf_token": csrf_of(form.text),
            "personnummer": "198112189876",
            "field": ["address", "first_name"],
        },
    )
    assert taken.status_code == 302 and taken.headers["Location"] == f"/persons/{PERSON}"
    assert sent_to(gateway, path) == [
        {"fields": ["address", "first_name"], "personnummer": "198112189876"}
    ]


def test_the_take_names_the_version_compared_and_a_change_meanwhile_is_said(desk, gateway):
    path = f"/api/registry/persons/{PERSON}/lookup"
    gateway.on("POST", path, 200, COMPARISON)
    gateway.on("POST", path + "/apply", 412, {"code": 412, "message": "changed"})
    form = desk.get(f"/persons/{PERSON}/lookup")
    page = desk.post(f"/persons/{PERSON}/lookup", data={"csrf_token": csrf_of(form.text)})
    assert 'name="version" value="3"' in page.text
    taken = desk.post(
        f"/persons/{PERSON}/lookup/apply",
        data={"csrf_token": csrf_of(page.text), "version": "3", "field": ["address"]},
    )
    assert taken.status_code == 302 and taken.headers["Location"] == f"/persons/{PERSON}/lookup"
    [(_m, _p, _t, sent)] = [c for c in gateway.calls if c[1] == path + "/apply"]
    assert sent["headers"]["If-Match"] == '"3"'
    assert "Someone else changed this card" in desk.get(taken.headers["Location"]).text


def test_only_the_address_of_a_company(desk, gateway):
    company = {**CARD, "kind": "company", "display_name": "Pohodlne", "personnummer": None}
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, company)
    path = f"/api/registry/persons/{PERSON}/lookup/apply"
    gateway.on("POST", path, 200, COMPARISON)
    form = desk.get(f"/persons/{PERSON}/lookup")
    assert 'name="ico"' in form.text and "ARES" in form.text
    desk.post(
        f"/persons/{PERSON}/lookup/apply",
        data={
            "csrf_token": csrf_of(form.text),
            "ico": "27074358",
            "field": ["company_name"],
            "only": "address",
        },
    )
    assert sent_to(gateway, path) == [
        {
            "fields": ["visiting_address", "visiting_postal_code", "visiting_city"],
            "ico": "27074358",
        }
    ]


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "The register has no one with this number."),
        (504, "did not answer in time"),
        (502, "answered with an error"),
        (503, "not set up here"),
    ],
)
def test_register_failures_are_said_in_words(desk, gateway, status, words):
    gateway.on(
        "POST",
        f"/api/registry/persons/{PERSON}/lookup",
        status,
        {"code": status, "message": "the register spar is not configured here"},
    )
    form = desk.get(f"/persons/{PERSON}/lookup")
    page = desk.post(f"/persons/{PERSON}/lookup", data={"csrf_token": csrf_of(form.text)})
    assert page.status_code == status and words in page.text
    assert 'id="lookup-comparison"' not in page.text


def test_a_bad_personnummer_names_the_problem(desk, gateway):
    refusal = {
        "code": 422,
        "message": "invalid input",
        "errors": {"json": {"personnummer": ["the check digit is wrong"]}},
    }
    gateway.routes[("POST", f"/api/registry/persons/{PERSON}/lookup")] = lambda **kw: answer(
        422, refusal
    )
    form = desk.get(f"/persons/{PERSON}/lookup")
    page = desk.post(
        f"/persons/{PERSON}/lookup",
        data={"csrf_token": csrf_of(form.text), "personnummer": "19811218-9870"},
    )
    assert page.status_code == 422 and "the check digit is wrong" in page.text


def test_nothing_ticked_takes_nothing(desk, gateway):
    form = desk.get(f"/persons/{PERSON}/lookup")
    response = desk.post(f"/persons/{PERSON}/lookup/apply", data={"csrf_token": csrf_of(form.text)})
    assert response.status_code == 302
    assert sent_to(gateway, f"/api/registry/persons/{PERSON}/lookup/apply") == []
