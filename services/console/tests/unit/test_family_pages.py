"""The family on the card (issue 21 §3): members with their rights in words; with
registry.families.write a family is founded, a member found and added, rights changed, a head
made, a member removed; the registry's refusals said in words; without it, no controls."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

MIA = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
KIM = "5a2c7d3e-1b4f-4a8e-9c6d-7e8f9a0b1c2d"
ALVA = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
EVERY_RIGHT = ["view", "book", "pay", "manage"]
FAM = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
FAMILY = {
    "id": FAM,
    "name": "Familjen Ek",
    "members": [
        {"person_id": MIA, "name": "Mia Ek", "is_head": True, "rights": EVERY_RIGHT},
        {"person_id": KIM, "name": "Kim Ek", "is_head": False, "rights": ["view", "book"]},
    ],
}
MIA_CARD = {"id": MIA, "display_name": "Mia Ek", "last_name": "Ek", "interests": []}
IN_FAMILY = {**MIA_CARD, "family": {"id": FAM, "name": "Familjen Ek", "is_head": True}}
MEMBERS = f"/api/registry/families/{FAM}/members"
KIM_AT = f"{MEMBERS}/{KIM}"
CARD = f"/persons/{MIA}"
AT = f"{CARD}/family/{FAM}/members"


@pytest.fixture
def desk(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "registry.families.write"]
    gateway.on("GET", f"/api/registry/persons/{MIA}", 200, IN_FAMILY)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on("GET", f"/api/registry/families/{FAM}", 200, FAMILY)
    found = [MIA_CARD, {"id": KIM, "display_name": "Kim Ek"}, {"id": ALVA, "display_name": "Alva"}]
    gateway.on("GET", "/api/registry/persons", 200, found)
    gateway.on("POST", "/api/registry/families", 201, FAMILY)
    gateway.on("POST", MEMBERS, 200, FAMILY)
    gateway.on("PATCH", KIM_AT, 200, FAMILY)
    gateway.on("DELETE", KIM_AT, 204)
    return signed_in


def sent(gateway, method: str, path: str) -> list:
    return [kw for m, p, _t, kw in gateway.calls if (m, p) == (method, path)]


def family_section(client) -> str:
    return client.get(CARD).text.split('id="family"')[1].split("</section>")[0]


def test_the_card_lists_members_with_their_rights_in_words_and_the_controls(desk):
    family = family_section(desk)
    assert "Familjen Ek" in family and "Head of the family: every right" in family
    assert f'href="/persons/{KIM}">Kim Ek</a>' in family
    assert "sees the family’s cards, books for the family" in family
    assert f'action="{AT}/{KIM}"' in family and "Save the rights of Kim Ek" in family
    assert "Make Kim Ek head of the family" in family and "Remove Kim Ek from the family" in family
    assert "Make Mia Ek head" not in family  # the head already is; keeps only Remove
    assert f'href="{AT}/new"' in family


def test_a_family_is_created_with_the_cards_person_as_head(desk, gateway):
    gateway.on("GET", f"/api/registry/persons/{MIA}", 200, MIA_CARD)
    family = family_section(desk)
    assert "No family." in family and 'value="The Ek family"' in family
    form = {"csrf_token": csrf_of(family), "name": "Familjen Ek"}
    done = desk.post(f"{CARD}/family", data=form, follow_redirects=True)
    assert "The family is created, with this person as its head." in done.text
    body = sent(gateway, "POST", "/api/registry/families")[0]["json"]
    assert body == {"name": "Familjen Ek", "head_id": MIA, "members": []}


def test_a_member_is_found_and_added_with_the_chosen_rights(desk, gateway):
    page = desk.get(f"{AT}/new?q=ek&right=view&right=pay").text
    # Neither the card's person nor someone already in the family is offered.
    assert "Add Alva to the family" in page and "Add Kim Ek to" not in page
    assert "Add Mia Ek to" not in page
    assert "rights ticked when you searched: sees the family’s cards, pays for the family" in page
    assert sent(gateway, "GET", "/api/registry/persons")[0]["params"]["q"] == "ek"
    form = {"csrf_token": csrf_of(page), "person_id": ALVA, "name": "Alva"}
    form["right"] = ["view", "pay"]
    done = desk.post(AT, data=form, follow_redirects=True)
    assert "Alva is added to the family." in done.text
    added = sent(gateway, "POST", MEMBERS)[0]["json"]
    assert added == {"person_id": ALVA, "rights": ["view", "pay"]}


def test_rights_are_changed_and_a_head_made(desk, gateway):
    token = csrf_of(desk.get(CARD).text)
    form = {"csrf_token": token, "name": "Kim Ek", "right": ["pay", "manage"]}
    done = desk.post(f"{AT}/{KIM}", data=form, follow_redirects=True)
    assert "The rights of Kim Ek are saved." in done.text
    head = {"csrf_token": token, "name": "Kim Ek", "head": "1"}
    done = desk.post(f"{AT}/{KIM}", data=head, follow_redirects=True)
    assert "Kim Ek is now the head of the family." in done.text
    assert [kw["json"] for kw in sent(gateway, "PATCH", KIM_AT)] == [
        {"rights": ["pay", "manage"]},
        {"is_head": True},
    ]
    none = {"csrf_token": token, "name": "Kim Ek"}  # every box unticked: no rights left
    desk.post(f"{AT}/{KIM}", data=none)
    assert sent(gateway, "PATCH", KIM_AT)[-1]["json"] == {"rights": []}


def test_a_member_is_removed(desk, gateway):
    token = csrf_of(desk.get(CARD).text)
    done = desk.post(
        f"{AT}/{KIM}/delete", data={"csrf_token": token, "name": "Kim Ek"}, follow_redirects=True
    )
    assert "Kim Ek is removed from the family." in done.text and sent(gateway, "DELETE", KIM_AT)


@pytest.mark.parametrize(
    ("method", "path", "url", "status", "said"),
    [
        ("POST", MEMBERS, AT, 409, "Kim Ek already belongs to a family. Remove them from it"),
        ("DELETE", KIM_AT, f"{AT}/{KIM}/delete", 409, "Kim Ek is the head of the family: make"),
        ("PATCH", KIM_AT, f"{AT}/{KIM}", 404, "That person or family is no longer there"),
        ("PATCH", KIM_AT, f"{AT}/{KIM}", 403, "You may not make this change to the family: no"),
        ("PATCH", KIM_AT, f"{AT}/{KIM}", 422, "The family was not changed: Rights: Must be one"),
    ],
)
def test_a_refusal_is_said_in_words_on_the_card(desk, gateway, method, path, url, status, said):
    errors = {"json": {"rights": {"0": ["Must be one of: view, book, pay, manage."]}}}
    gateway.on(method, path, status, {"message": "no", "errors": errors if status == 422 else {}})
    form = {"csrf_token": csrf_of(desk.get(CARD).text), "name": "Kim Ek", "person_id": KIM}
    done = desk.post(url, data=form, follow_redirects=True)
    assert done.status_code == 200 and said in done.text


def test_a_failing_registry_is_not_taken_for_a_refusal(desk, gateway):
    gateway.on("DELETE", KIM_AT, 503, {"message": "the service is not reachable just now"})
    token = csrf_of(desk.get(CARD).text)
    assert desk.post(f"{AT}/{KIM}/delete", data={"csrf_token": token}).status_code == 503


def test_without_the_permission_the_family_is_shown_without_controls(desk, gateway):
    gateway.permissions = ["registry.persons.read"]
    family = family_section(desk)
    assert "Kim Ek" in family and "books for the family" in family
    assert "<form" not in family and "/members/new" not in family
    gateway.on("GET", f"/api/registry/persons/{MIA}", 200, MIA_CARD)
    assert "<form" not in family_section(desk)  # no family, and no "Create a family" either


def test_the_family_and_its_controls_speak_swedish(desk):
    desk.set_cookie("foyer_lang", "sv")
    family = family_section(desk)
    assert "Familjens huvudman: alla rättigheter" in family
    assert "ser familjens kort, bokar åt familjen" in family
    assert "Gör Kim Ek till familjens huvudman" in family and "Lägg till en familjemedlem" in family
