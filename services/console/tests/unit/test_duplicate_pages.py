"""The register-wide duplicate list and "not duplicates" (from the list and from a card): each
with its permission; the pair goes to the registry; the user lands where they were."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402

ASA = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
TWIN = "5a2c7d3e-1b4f-4a8e-9c6d-7e8f9a0b1c2d"
PAIR = {
    "person_id": ASA,
    "person_name": "Åsa Berg",
    "other_id": TWIN,
    "other_name": "Åsa Berg",
    "level": "strong",
    "score": 80,
    "matched": ["first_name", "last_name", "email"],
}
EXCEPTIONS = ("POST", "/api/registry/duplicates/exceptions")
MANAGER = ["registry.persons.read", "registry.duplicates.read", "registry.persons.merge"]


@pytest.fixture
def manager(signed_in, gateway):
    gateway.permissions = MANAGER
    pages = {"total": 26, "total_pages": 2, "page": 1, "next_page": 2}
    gateway.on("GET", "/api/registry/duplicates", 200, [PAIR], {"X-Pagination": json.dumps(pages)})
    gateway.on("GET", f"/api/registry/persons/{ASA}", 200, {"id": ASA, "display_name": "Åsa Berg"})
    gateway.on("GET", f"/api/registry/persons/{ASA}/duplicates", 200, [PAIR])
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on(*EXCEPTIONS, 204)
    return signed_in


def exceptions(gateway) -> list[dict]:
    return [kw["json"] for m, p, _t, kw in gateway.calls if (m, p) == EXCEPTIONS]


def test_the_list_names_both_and_offers_merge_and_not_duplicates(manager):
    page = manager.get("/duplicates").text
    assert 'href="/duplicates"' in page  # the menu
    assert f'href="/persons/{ASA}"' in page and f'href="/persons/{TWIN}"' in page
    assert f'href="/persons/{ASA}/merge/{TWIN}"' in page
    assert "Åsa Berg and Åsa Berg are not duplicates" in page
    assert "First name, Last name, E-mail" in page and "Page 1 of 2" in page


def test_not_duplicates_from_the_list_returns_to_the_list(manager, gateway):
    token = csrf_of(manager.get("/duplicates").text)
    done = manager.post(
        "/duplicates/not-duplicates", data={"csrf_token": token, "person_id": ASA, "other_id": TWIN}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("/duplicates")
    assert exceptions(gateway) == [{"person_id": ASA, "other_id": TWIN}]


def test_not_duplicates_from_a_card_returns_to_that_card_only(manager, gateway):
    card = manager.get(f"/persons/{ASA}").text
    assert "Åsa Berg is not a duplicate of this card" in card
    form = {"csrf_token": csrf_of(card), "person_id": ASA, "other_id": TWIN, "card": ASA}
    done = manager.post("/duplicates/not-duplicates", data=form, follow_redirects=True)
    assert "no longer suggested" in done.text and done.request.path == f"/persons/{ASA}"
    elsewhere = manager.post(
        "/duplicates/not-duplicates", data={**form, "card": "https://evil.example/"}
    )
    assert elsewhere.headers["Location"].endswith("/duplicates")  # never off the pair


def test_without_merge_no_buttons_and_refused_without_read_no_list(manager, gateway):
    gateway.permissions = ["registry.persons.read", "registry.duplicates.read"]  # the desk
    page = manager.get("/duplicates").text
    assert 'action="/duplicates/not-duplicates"' not in page and "/merge/" not in page
    token = csrf_of(page)
    refused = manager.post(
        "/duplicates/not-duplicates", data={"csrf_token": token, "person_id": ASA, "other_id": TWIN}
    )
    assert refused.status_code == 403 and exceptions(gateway) == []
    gateway.permissions = ["registry.persons.read"]  # a trainer
    assert 'href="/duplicates"' not in manager.get("/search").text
    assert manager.get("/duplicates").status_code == 403
