"""The person card reads its sections at once (console/parallel.py): each read in the request's
context (the same token, who is signed in asked once), a refusal raised as before (the
gateway's rate limit shown as such), and the card's sections and its CRM parts waiting on each
other no longer."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from flask import g

from foyer_shared.logging import request_id_var

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console import access, api, parallel  # noqa: E402
from console_fakes import answer  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
CONTACT = "c-1"
CARD = {"id": PERSON, "kind": "person", "display_name": "Åsa Lindström", "interests": []}


def meeting(parties: int):
    """Fake answers that wait for `parties` calls to be in flight together: called one after
    another, the first waits alone and the barrier breaks (a 500 for the page)."""
    barrier = threading.Barrier(parties, timeout=3)

    def answering(body=None):
        def respond(**_kwargs):
            barrier.wait()
            return answer(200, [] if body is None else body)

        return respond

    return answering


@pytest.fixture
def card(signed_in, gateway):
    gateway.permissions = [
        "registry.persons.read",
        "registry.changes.read",
        "registry.reads.read",
        "crm.contacts.read",
        "crm.tasks.read",
    ]
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, CARD)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    return signed_in


def test_the_cards_sections_are_read_at_the_same_time(card, gateway):
    together = meeting(2)
    gateway.routes[("GET", f"/api/registry/persons/{PERSON}/changes")] = together()
    gateway.routes[("GET", f"/api/registry/persons/{PERSON}/reads")] = together()

    page = card.get(f"/persons/{PERSON}")

    assert page.status_code == 200, page.text
    assert "Åsa Lindström" in page.text


def test_the_crm_parts_are_read_at_the_same_time(card, gateway):
    gateway.on("GET", "/api/crm/contacts", 200, [{"id": CONTACT, "kind": "person"}])
    together = meeting(3)
    contact = {"id": CONTACT, "kind": "person", "status": "prospect", "tags": []}
    gateway.routes[("GET", f"/api/crm/contacts/{CONTACT}")] = together(contact)
    gateway.routes[("GET", f"/api/crm/contacts/{CONTACT}/history")] = together()
    gateway.routes[("GET", "/api/crm/tasks")] = together()

    page = card.get(f"/persons/{PERSON}")

    assert page.status_code == 200, page.text
    assert 'id="crm-status">Prospect<' in page.text


def test_the_staff_list_a_read_fetched_is_not_asked_again_by_the_page(card, gateway):
    gateway.permissions = [*gateway.permissions, "crm.contacts.write", "identity.users.read"]
    gateway.on("GET", "/api/crm/contacts", 200, [{"id": CONTACT, "kind": "person"}])
    contact = {"id": CONTACT, "kind": "person", "status": "prospect", "tags": []}
    gateway.on(
        "GET", f"/api/crm/contacts/{CONTACT}", 200, {**contact, "responsible_user_id": "u-7"}
    )
    gateway.on("GET", "/api/identity/users", 200, [{"id": "u-7", "username": "maja"}])

    page = card.get(f"/persons/{PERSON}")

    assert page.status_code == 200, page.text
    assert "maja" in page.text  # the responsible, named from the staff list
    staff_lists = [
        kw
        for _m, path, _t, kw in gateway.calls
        if path == "/api/identity/users" and kw.get("params", {}).get("status") == "active"
    ]
    assert len(staff_lists) == 1


def test_who_is_signed_in_is_asked_once_for_all_the_reads(card, gateway):
    assert card.get(f"/persons/{PERSON}").status_code == 200

    asked = [path for _m, path, _t, _kw in gateway.calls if path == "/api/access/me"]
    assert len(asked) == 1


def test_every_read_carries_the_signed_in_users_token(card, gateway):
    assert card.get(f"/persons/{PERSON}").status_code == 200

    reads = [c for c in gateway.calls if c[1] != "/api/identity/auth/login"]
    tokens = {token for _m, _path, token, _kw in reads}
    assert len(tokens) == 1 and None not in tokens


def test_a_refused_read_is_raised_as_when_they_ran_in_turn(card, gateway):
    gateway.on("GET", f"/api/registry/persons/{PERSON}/changes", 500, {"message": "broken"})

    page = card.get(f"/persons/{PERSON}")

    assert page.status_code == 502
    assert "broken" in page.text


def test_read_all_answers_by_name_sees_g_and_raises_the_first_failure(app, signed_in):
    with app.test_request_context("/"):
        g.me = access.Me("u-1", "anna", None, (), frozenset(), {})
        g.request_id = "rid-1"

        def keeps():
            g.kept = "from a read"
            return 1

        found = parallel.read_all(
            who=lambda: g.me.username,
            rid=lambda: g.request_id,
            thread=threading.get_ident,
            keeps=keeps,
        )
        assert found["who"] == "anna" and found["rid"] == "rid-1"
        assert found["thread"] != threading.get_ident()
        assert g.kept == "from a read"

        def refused():
            raise api.ApiError(503, "crm is not reachable")

        with pytest.raises(api.ApiError, match="crm is not reachable"):
            parallel.read_all(first=refused, second=lambda: 2)


def test_the_gateways_limit_reaches_the_desk_as_429_with_when_to_try_again(card, gateway):
    message = "too many requests: at most 3000 per 1 minute; try again in 24 s"
    gateway.on("GET", f"/api/registry/persons/{PERSON}/changes", 429, {"message": message})

    page = card.get(f"/persons/{PERSON}")

    assert page.status_code == 429
    assert "try again in 24 s" in page.text


def test_a_reads_log_lines_carry_the_pages_request_id(app, signed_in):
    with app.test_request_context("/"):
        g.me = access.Me("u-1", "anna", None, (), frozenset(), {})
        token = request_id_var.set("rid-of-the-page")
        try:
            found = parallel.read_all(logged=request_id_var.get, other=lambda: request_id_var.get())
        finally:
            request_id_var.reset(token)
        assert found == {"logged": "rid-of-the-page", "other": "rid-of-the-page"}
