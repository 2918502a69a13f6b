"""Object-level rules the console itself decides (the services decide the rest): a member's own
pages reach their own card only, whatever the request carries; built-in roles are not changed
from the console; a private to-do stays its creator's. The route-level rules are the access
matrix (test_access_matrix.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import csrf_of  # noqa: E402
from console_matrix_api import IDS, ME, answer_everything  # noqa: E402

MEMBER = ["registry.persons.read", "registry.persons.write", "identity.own_account.manage"]
OTHER = IDS["person_id"]  # someone else's card
EXPORT = IDS["export_id"]


@pytest.fixture
def member(signed_in, gateway):
    answer_everything(gateway)
    gateway.permissions = MEMBER
    signed_in.token = csrf_of(signed_in.get("/login?next=/search").text)
    gateway.calls.clear()
    return signed_in


def persons_asked(gateway) -> set[str]:
    """The persons' ids in the paths of every registry and notify call about a person."""
    return {
        path.split("/persons/")[1].split("/")[0]
        for _m, path, _t, _kw in gateway.calls
        if "/persons/" in path
    }


def test_a_members_own_pages_reach_only_their_own_card(member, gateway):
    asked = f"?person_id={OTHER}"
    for page in ("/me/interests", "/me/family", "/me/messages", "/me/data"):
        assert member.get(page + asked).status_code == 200, page
    sent = {"csrf_token": member.token, "person_id": OTHER, "interest_id": "i-1"}
    assert member.post("/me/interests" + asked, data=sent).status_code == 302
    assert persons_asked(gateway) == {ME}
    assert ("PUT", f"/api/registry/persons/{ME}/interests") in {
        (m, p) for m, p, _t, _kw in gateway.calls
    }


def test_an_account_linked_to_no_card_has_no_own_pages_and_sends_nothing(member, gateway):
    me = {"user_id": "u-1", "person_id": None, "roles": [], "permissions": MEMBER, "scopes": {}}
    gateway.on("GET", "/api/access/me", 200, me)
    for page in ("/me/interests", "/me/family", "/me/messages"):
        assert member.get(page).status_code == 404, page
    sent = {"csrf_token": member.token, "person_id": OTHER, "interest_id": "i-1"}
    assert member.post("/me/interests", data=sent).status_code == 404
    assert {(m, p) for m, p, _t, _kw in gateway.calls} == {("GET", "/api/access/me")}


def test_my_data_follows_only_the_registrys_own_export_routes(member, gateway):
    """The registry answers 404 there for anyone else's export; the staff route
    (/api/registry/exports/…, which the desk's permission opens) is never asked."""
    for page in (f"/me/data/{EXPORT}", f"/me/data/{EXPORT}/status.json"):
        assert member.get(page).status_code == 200, page
    assert member.get(f"/me/data/{EXPORT}/download").status_code == 200
    paths = [p for _m, p, _t, _kw in gateway.calls if p != "/api/access/me"]
    assert paths and all(p.startswith("/api/registry/me/exports/") for p in paths), paths


def test_a_built_in_role_is_neither_changed_nor_deleted_here(member, gateway):
    built_in = {"id": IDS["role_id"], "name": "member", "built_in": True, "permissions": []}
    gateway.on("GET", "/api/identity/roles", 200, [built_in])
    gateway.permissions = ["identity.users.read", "identity.roles.manage"]
    role = f"/staff/roles/{IDS['role_id']}"
    for url in (role, f"{role}/delete"):
        assert member.get(url).status_code == 404, url
        assert member.post(url, data={"csrf_token": member.token, "name": "x"}).status_code == 404
    assert [(m, p) for m, p, _t, _kw in gateway.calls if m != "GET"] == []


def test_a_private_todo_is_not_handed_to_someone_else(member, gateway):
    gateway.permissions = ["crm.tasks.read", "crm.tasks.write"]
    sent = {"csrf_token": member.token, "note": "Call", "assignee_user_id": IDS["user_id"]}
    assert member.post(f"/todos/{IDS['task_id']}/edit", data=sent).status_code == 302
    changed = [kw["json"] for m, _p, _t, kw in gateway.calls if m == "PATCH"]
    assert changed and "assignee_user_id" not in changed[0]
