"""Identifiers as people read them: the personnummer with its dash and phone numbers grouped,
on the search results and the card; stored values and anything unexpected left as they are."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console.display import BUILT_IN_ROLES, personnummer, phone, role  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
MARIA = {
    "id": PERSON,
    "kind": "person",
    "display_name": "Maria Lindström",
    "personnummer": "196905029317",
    "phone": "+4681234567",
    "mobile_phone": "+46701234567",
    "interests": [],
}


def test_a_personnummer_gets_its_dash_and_anything_else_stays():
    assert personnummer("196905029317") == "19690502-9317"
    assert personnummer("19690502-9317") == "19690502-9317"
    assert personnummer("6905029317") == "6905029317"  # not the stored form: as it is
    assert personnummer(None) is None


def test_a_phone_number_is_grouped_by_its_own_country():
    assert phone("+46701234567") == "+46 70 123 45 67"
    assert phone("+4520123456") == "+45 20 12 34 56"
    assert phone("+420603123456") == "+420 603 123 456"
    assert phone("070-123 45 67") == "070-123 45 67"  # not E.164: as it is
    assert phone("+46") == "+46"  # not a number: as it is
    assert phone(None) is None


def test_the_search_and_the_card_show_them_so(signed_in, gateway):
    gateway.permissions = ["registry.persons.read"]
    pages = {"total": 1, "page": 1}
    gateway.on("GET", "/api/registry/persons", 200, [MARIA], {"X-Pagination": json.dumps(pages)})
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, MARIA)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    found = signed_in.get("/search?q=maria").text
    assert "19690502-9317" in found and "+46 70 123 45 67" in found
    card = signed_in.get(f"/persons/{PERSON}").text
    assert "<dd>19690502-9317</dd>" in card
    assert "<dd>+46 8 123 45 67</dd>" in card and "<dd>+46 70 123 45 67</dd>" in card


def test_every_built_in_role_has_words_and_a_custom_one_keeps_its_name():
    from foyer_shared.access import BUILT_IN_ROLE_NAMES

    assert set(BUILT_IN_ROLES) == set(BUILT_IN_ROLE_NAMES)
    assert role("group_leader") == "Group leader" and role("kassa") == "kassa"
