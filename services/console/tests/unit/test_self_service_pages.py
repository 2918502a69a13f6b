"""A member's own pages (issue 21): my interests ticked and saved, my family with the rights in
it, my messages; through the registry's and notify's member-facing routes, on their own card
only, with no staff permission."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

MEMBER = ["registry.persons.read", "registry.persons.write", "identity.own_account.manage"]
FAMILY = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a"
CHILD = "4d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a"
AREAS = [{"id": "i-1", "name": "Yoga"}, {"id": "i-2", "name": "Running"}]
ME = {"id": "p-1", "display_name": "Mira", "interests": [{"id": "i-2", "name": "Running"}]}


@pytest.fixture
def member(signed_in, gateway):
    gateway.permissions = MEMBER
    gateway.on("GET", "/api/registry/persons/p-1", 200, ME)
    gateway.on("GET", "/api/registry/interest-areas", 200, AREAS)
    return signed_in


def test_a_member_ticks_and_saves_their_interests(member, gateway):
    page = member.get("/me/interests")
    assert page.status_code == 200
    assert 'value="i-2" checked' in page.text and 'value="i-1">' in page.text
    assert 'href="/me/interests"' in page.text  # in the menu
    sent = []
    gateway.routes[("PUT", "/api/registry/persons/p-1/interests")] = lambda **kw: (
        sent.append(kw) or answer(204)
    )
    done = member.post(
        "/me/interests",
        data={"csrf_token": csrf_of(page.text), "interest_id": ["i-1", "i-2"]},
        follow_redirects=True,
    )
    assert sent[0]["json"] == {"interest_ids": ["i-1", "i-2"]}
    assert "Your interests are saved." in done.text


def test_a_member_sees_their_family_and_the_rights_in_it(member, gateway):
    gateway.on(
        "GET", "/api/registry/persons/p-1", 200, {**ME, "family": {"id": FAMILY, "name": "Berg"}}
    )
    gateway.on(
        "GET",
        f"/api/registry/families/{FAMILY}",
        200,
        {
            "id": FAMILY,
            "name": "Berg",
            "members": [
                {"person_id": "p-1", "name": "Mira", "is_head": True, "rights": []},
                {"person_id": CHILD, "name": "Olle", "is_head": False, "rights": ["book"]},
            ],
        },
    )
    page = member.get("/me/family").text
    assert "Mira (you)" in page and "Head of the family: every right" in page
    assert f'href="/persons/{CHILD}">Olle<' in page and "books for the family" in page


def test_a_family_member_without_rights_sees_the_names_only(member, gateway):
    gateway.on(
        "GET", "/api/registry/persons/p-1", 200, {**ME, "family": {"id": FAMILY, "name": "Berg"}}
    )
    gateway.on(
        "GET",
        f"/api/registry/families/{FAMILY}",
        200,
        {
            "id": FAMILY,
            "name": "Berg",
            "members": [
                {"person_id": CHILD, "name": "Olle", "is_head": True, "rights": []},
                {"person_id": "p-1", "name": "Mira", "is_head": False, "rights": ["pay"]},
            ],
        },
    )
    page = member.get("/me/family").text
    assert "Olle" in page and f'href="/persons/{CHILD}"' not in page


def test_without_a_family_it_says_so(member):
    assert "You do not belong to a family" in member.get("/me/family").text


def test_a_member_reads_their_messages_from_notify(member, gateway):
    sent = []
    message = {
        "channel": "email",
        "to_address": "mira@example.se",
        "subject": "Welcome",
        "state": "sent",
        "sent_at": "2026-12-04T09:30:00+00:00",
    }
    gateway.routes[("GET", "/api/notify/persons/p-1/messages")] = lambda **kw: (
        sent.append(kw) or answer(200, [message], {"X-Pagination": '{"total": 1}'})
    )
    page = member.get("/me/messages").text
    assert sent[0]["params"] == {"page": 1, "page_size": 25}
    assert "Welcome" in page and "mira@example.se" in page and "2026-12-04 10:30" in page


def test_notify_not_answering_is_said_on_the_page(member, gateway):
    gateway.on("GET", "/api/notify/persons/p-1/messages", 503, {"message": "down"})
    page = member.get("/me/messages")
    assert page.status_code == 200 and "cannot be read just now" in page.text


def test_an_account_without_a_card_has_no_such_pages(member, gateway):
    me = {"user_id": "u-1", "person_id": None, "roles": [], "permissions": MEMBER, "scopes": {}}
    gateway.on("GET", "/api/access/me", 200, me)
    for path in ("/me/interests", "/me/family", "/me/messages"):
        assert member.get(path).status_code == 404
    assert 'href="/me/interests"' not in member.get("/todos").text


def test_only_the_members_own_card_is_asked_for(member, gateway):
    member.get("/me/interests")
    member.get("/me/family")
    paths = {path for _method, path, _token, _kwargs in gateway.calls}
    assert not any(p.startswith("/api/registry/persons/") and "p-1" not in p for p in paths)


def test_the_pages_speak_swedish(member):
    assert "Mina intressen" in member.get("/me/interests", headers={"Accept-Language": "sv"}).text
