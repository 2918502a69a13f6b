"""Relations on the card (issue 21 §3): listed with the other person's name, added by finding
the other person and choosing the type, removed; only with the permission."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

MIA = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
KIM = "5a2c7d3e-1b4f-4a8e-9c6d-7e8f9a0b1c2d"
REL = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
RELATION = {"id": REL, "type": "parent", "person_id": KIM, "label": "parent of", "name": "Kim Ek"}
MIA_CARD = {"id": MIA, "display_name": "Mia Ek", "interests": [], "relations": [RELATION]}
TYPES = [
    {"type": "parent", "label": "parent of", "reverse_label": "child of"},
    {"type": "partner", "label": "partner of", "reverse_label": "partner of"},
]
ADD = ("POST", f"/api/registry/persons/{MIA}/relations")


@pytest.fixture
def desk(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "registry.relations.write"]
    gateway.on("GET", f"/api/registry/persons/{MIA}", 200, MIA_CARD)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on("GET", "/api/registry/relation-types", 200, TYPES)
    found = [MIA_CARD, {"id": KIM, "display_name": "Kim Ek", "email": "kim@example.se"}]
    gateway.on("GET", "/api/registry/persons", 200, found)
    gateway.on(*ADD, 201, RELATION)
    gateway.on("DELETE", f"/api/registry/relations/{REL}", 204)
    return signed_in


def sent(gateway, method: str, path: str) -> list:
    return [kw for m, p, _t, kw in gateway.calls if (m, p) == (method, path)]


def test_the_card_lists_each_relation_with_the_other_name(desk):
    relations = desk.get(f"/persons/{MIA}").text.split('id="relations"')[1].split("</section>")[0]
    assert "parent of" in relations and f'href="/persons/{KIM}">Kim Ek</a>' in relations
    assert "Remove the relation: parent of Kim Ek" in relations
    assert f'href="/persons/{MIA}/relations/new"' in relations


def test_a_relation_is_added_by_finding_the_other_and_choosing(desk, gateway):
    page = desk.get(f"/persons/{MIA}/relations/new?q=ek&type=partner").text
    assert "Relate to Kim Ek" in page and "Relate to Mia Ek" not in page  # never to oneself
    assert sent(gateway, "GET", "/api/registry/persons")[0]["params"]["q"] == "ek"
    form = {"csrf_token": csrf_of(page), "to_person_id": KIM, "type": "partner"}
    done = desk.post(f"/persons/{MIA}/relations", data=form, follow_redirects=True)
    assert "The relation is added." in done.text
    assert sent(gateway, *ADD)[0]["json"] == {"to_person_id": KIM, "type": "partner"}


def test_a_refused_relation_is_said_and_a_removal_sent(desk, gateway):
    errors = {"json": {"to_person_id": ["a person cannot be related to themselves"]}}
    gateway.on(*ADD, 422, {"message": "invalid", "errors": errors})
    token = csrf_of(desk.get(f"/persons/{MIA}").text)
    form = {"csrf_token": token, "to_person_id": MIA, "type": "parent"}
    done = desk.post(f"/persons/{MIA}/relations", data=form, follow_redirects=True)
    assert "The relation was not added: to_person_id: a person cannot" in done.text
    gone = desk.post(
        f"/persons/{MIA}/relations/{REL}/delete", data={"csrf_token": token}, follow_redirects=True
    )
    assert "The relation is removed." in gone.text
    assert sent(gateway, "DELETE", f"/api/registry/relations/{REL}")


def test_without_the_permission_listed_but_no_buttons_and_refused(desk, gateway):
    gateway.permissions = ["registry.persons.read"]
    card = desk.get(f"/persons/{MIA}").text
    assert "Kim Ek" in card and "/relations/new" not in card and "Remove the relation" not in card
    token = csrf_of(card)
    assert desk.get(f"/persons/{MIA}/relations/new").status_code == 403
    refused = desk.post(f"/persons/{MIA}/relations", data={"csrf_token": token, "type": "parent"})
    assert refused.status_code == 403 and not sent(gateway, *ADD)
