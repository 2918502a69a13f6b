"""Staff and roles, the rest (issue 21): identity's audit log with its filters; "why can't X
see this?" from the gateway's explanation, in words; a custom role deleted after a
confirmation. Each hidden from and refused to those without its permission."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

EVA = "8a0c5c2e-1d1b-4d6e-9f0a-1b2c3d4e5f60"
OWNER = "1e2d3c4b-5a69-4788-9a0b-c1d2e3f4a5b6"
ROLE = "5b0f0c4e-57a1-4f7e-9a53-3c1b1e1f6a10"
EVA_USER = {"id": EVA, "username": "eva", "status": "active", "roles": ["trainer"]}
OWNER_USER = {"id": OWNER, "username": "owner", "status": "active", "roles": ["owner"]}
ENTRY = {
    "id": "e-1",
    "occurred_at": "2026-12-04T08:00:00+00:00",
    "kind": "user.roles_changed",
    "actor_user_id": OWNER,
    "subject_user_id": EVA,
    "client_address": "203.0.113.7",
    "request_id": "r-1",
    "details": {  # as identity gives a role change back (its store sorts the keys)
        "after": [
            {"role": "kassa", "valid_from": None, "valid_until": None},
            {"role": "trainer", "valid_from": "2026-12-01T00:00:00+00:00", "valid_until": None},
        ],
        "before": [{"role": "member", "valid_from": None, "valid_until": None}],
    },
}
KASSA = {"id": ROLE, "name": "kassa", "description": "", "permissions": [], "built_in": False}
ROLES = [{"id": "r-1", "name": "owner", "permissions": ["*"], "built_in": True}, KASSA]
ADMIN = [
    "registry.persons.read",
    "identity.users.read",
    "identity.users.manage",
    "identity.roles.manage",
    "identity.audit.read",
]


@pytest.fixture
def admin(signed_in, gateway):
    gateway.permissions = ADMIN
    gateway.on("GET", f"/api/identity/users/{EVA}", 200, EVA_USER)
    gateway.on("GET", f"/api/identity/users/{OWNER}", 200, OWNER_USER)
    gateway.on("GET", "/api/identity/users", 200, [EVA_USER, {**EVA_USER, "username": "evan"}])
    gateway.on("GET", "/api/identity/roles", 200, ROLES)
    gateway.on("GET", "/api/identity/permissions", 200, [])
    return signed_in


def recorded(gateway, method, path, status, body, headers=None):
    sent = []
    gateway.routes[(method, path)] = lambda **kw: sent.append(kw) or answer(status, body, headers)
    return sent


def test_the_audit_log_passes_the_filters_on_and_names_the_accounts(admin, gateway):
    pages = {"X-Pagination": '{"total": 30, "total_pages": 2, "page": 1, "next_page": 2}'}
    sent = recorded(gateway, "GET", "/api/identity/audit", 200, [ENTRY], pages)
    page = admin.get(
        "/staff/audit?user=Eva&kind=user.roles_changed&since=2026-12-01&until=2026-12-04"
    )
    assert page.status_code == 200, page.text
    assert sent[0]["params"] == {
        "user_id": EVA,  # the exact username, not "evan" that also begins with it
        "kind": "user.roles_changed",
        "since": "2026-12-01T00:00:00+01:00",  # Stockholm's days, as the times are shown
        "until": "2026-12-05T00:00:00+01:00",  # the last day counts whole
        "page": 1,
        "page_size": 25,
    }
    assert "Roles of a user changed" in page.text and "2026-12-04 09:00:00" in page.text
    assert f'href="/staff/{OWNER}">owner<' in page.text and f'href="/staff/{EVA}">eva<' in page.text
    assert "Before: Member; After: kassa, Trainer (2026-12-01 – )" in page.text  # in words
    assert "203.0.113.7" in page.text
    assert "kind=user.roles_changed" in page.text and "page=2" in page.text  # the pager keeps them


def test_the_audit_filters_refused_are_shown_at_their_fields(admin, gateway):
    page = admin.get("/staff/audit?user=nobody&since=yesterday")
    assert page.status_code == 422
    assert 'id="f-user-error">There is no account with this username.' in page.text
    assert 'id="f-since-error">A date such as 2026-12-01.' in page.text
    assert not any(c[1] == "/api/identity/audit" for c in gateway.calls)
    refusal = {"message": "invalid", "errors": {"query": {"until": ["must be after since"]}}}
    gateway.on("GET", "/api/identity/audit", 422, refusal)
    page = admin.get("/staff/audit?since=2026-12-04&until=2026-12-01")
    assert 'id="f-until-error">must be after since' in page.text


EXPLAINED = {
    "method": "GET",
    "path": "/api/identity/users",
    "user_id": EVA,
    "roles": ["trainer"],
    "permission": "identity.users.read",
    "granted_by_roles": ["administrator", "manager", "owner"],
    "roles_source": "identity role catalogue",
    "route": "identity",
    "verdict": "deny",
    "reason": "this needs the permission 'identity.users.read'",
}


def test_why_cant_eva_see_the_staff_page_is_answered_in_words(admin, gateway):
    gateway.on(
        "GET",
        "/api/identity/permissions",
        200,
        [
            {
                "permission": "identity.users.read",
                "service": "identity",
                "description": "See accounts",
            }
        ],
    )
    sent = recorded(gateway, "GET", "/api/access/explain", 200, EXPLAINED)
    page = admin.get("/staff/explain?user=eva&page=staff")
    assert page.status_code == 200, page.text
    assert sent[0]["params"] == {"method": "GET", "path": "/api/identity/users", "user_id": EVA}
    assert "eva cannot: it needs a permission they do not hold." in page.text
    assert "<code>identity.users.read</code> · See accounts" in page.text
    assert 'id="granted-by">Administrator, Manager, Owner<' in page.text
    assert 'id="their-roles">Trainer<' in page.text
    assert "The permission identity.users.read." in page.text


def test_an_address_typed_is_explained_and_a_bad_one_shown_at_its_field(admin, gateway):
    allowed = {**EXPLAINED, "verdict": "allow", "roles": ["owner"], "path": "/api/registry/groups"}
    sent = recorded(gateway, "GET", "/api/access/explain", 200, allowed)
    page = admin.get(
        f"/staff/explain?user_id={EVA}&user=eva&page=&method=POST&path=/api/registry/groups"
    )
    assert (
        sent[0]["params"]["method"] == "POST"
        and sent[0]["params"]["path"] == "/api/registry/groups"
    )
    assert "eva may do this." in page.text and 'id="missing"' not in page.text
    refusal = {"message": "invalid query", "errors": {"query": {"path": ["a gateway path"]}}}
    gateway.on("GET", "/api/access/explain", 422, refusal)
    page = admin.get("/staff/explain?user=eva&page=&method=GET&path=groups")
    assert page.status_code == 422 and 'id="f-path-error">Give an address' in page.text


def test_a_deactivated_account_is_said_to_be_the_reason(admin, gateway):
    gateway.on("GET", f"/api/identity/users/{EVA}", 200, {**EVA_USER, "status": "inactive"})
    gateway.on("GET", "/api/access/explain", 200, {**EXPLAINED, "reason": "not active"})
    page = admin.get(f"/staff/explain?user_id={EVA}&page=search")
    assert "eva cannot: the account is not active." in page.text
    assert "An active account (reactivate it on the user&#39;s page)." in page.text


def test_a_user_page_links_to_the_explanation_prefilled(admin):
    page = admin.get(f"/staff/{EVA}").text
    assert f'href="/staff/explain?user_id={EVA}"' in page
    form = admin.get(f"/staff/explain?user_id={EVA}").text
    assert 'id="f-user" name="user" type="text" value="eva"' in form and 'id="verdict"' not in form


def test_a_custom_role_is_deleted_after_the_confirmation(admin, gateway):
    roles = admin.get("/staff/roles").text
    assert f'href="/staff/roles/{ROLE}/delete"' in roles
    assert admin.get("/staff/roles/00000000-0000-0000-0000-000000000001/delete").status_code == 404
    asked = admin.get(f"/staff/roles/{ROLE}/delete")
    assert "Everyone who holds “kassa” loses it" in asked.text
    assert not any(c[0] == "DELETE" for c in gateway.calls)  # asking deletes nothing
    sent = recorded(gateway, "DELETE", f"/api/identity/roles/{ROLE}", 204, None)
    done = admin.post(
        f"/staff/roles/{ROLE}/delete",
        data={"csrf_token": csrf_of(asked.text)},
        follow_redirects=True,
    )
    assert len(sent) == 1 and "The role “kassa” is deleted." in done.text


def test_a_deletion_identity_refuses_is_shown_as_a_message(admin, gateway):
    refusal = {"message": "the role grants permissions you do not hold"}
    gateway.on("DELETE", f"/api/identity/roles/{ROLE}", 403, refusal)
    asked = admin.get(f"/staff/roles/{ROLE}/delete")
    done = admin.post(
        f"/staff/roles/{ROLE}/delete",
        data={"csrf_token": csrf_of(asked.text)},
        follow_redirects=True,
    )
    assert 'class="flash error" role="alert">the role grants permissions' in done.text


def test_hidden_and_refused_without_the_permissions(admin, gateway):
    tabs = admin.get("/staff/roles").text
    assert 'href="/staff/audit"' in tabs and 'href="/staff/explain"' in tabs
    gateway.permissions = ["registry.persons.read", "identity.users.read"]  # a manager
    tabs = admin.get("/staff/roles").text
    assert 'href="/staff/audit"' not in tabs and 'href="/staff/explain"' not in tabs
    assert f"/staff/roles/{ROLE}/delete" not in tabs
    for path in ("/staff/audit", "/staff/explain", f"/staff/roles/{ROLE}/delete"):
        assert admin.get(path).status_code == 403
    assert not any(c[1] in ("/api/identity/audit", "/api/access/explain") for c in gateway.calls)


def test_the_pages_speak_swedish(admin, gateway):
    gateway.on("GET", "/api/identity/audit", 200, [ENTRY])
    gateway.on("GET", "/api/access/explain", 200, EXPLAINED)
    swedish = {"Accept-Language": "sv"}
    assert "Granskningslogg" in admin.get("/staff/audit", headers=swedish).text
    page = admin.get("/staff/explain?user=eva&page=staff", headers=swedish).text
    assert "eva kan inte" in page


def test_the_audit_log_without_the_account_list_shows_ids(admin, gateway):
    gateway.permissions = ["identity.audit.read"]  # a custom role: the log, not the accounts
    gateway.on("GET", "/api/identity/audit", 200, [ENTRY])
    page = admin.get("/staff/audit?user=eva")
    assert page.status_code == 200 and f"<code>{OWNER}</code>" in page.text
    assert 'id="f-user"' not in page.text
    assert not any(c[1].startswith("/api/identity/users") for c in gateway.calls)


def test_the_audit_log_alone_has_its_menu_link_and_no_tabs_it_cannot_open(admin, gateway):
    gateway.permissions = ["identity.audit.read"]  # a custom role: the log, not the accounts
    gateway.on("GET", "/api/identity/audit", 200, [ENTRY])
    page = admin.get("/staff/audit").text
    menu = page.split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/staff/audit"' in menu and 'href="/staff"' not in menu
    tabs = page.split('aria-label="Staff and roles"')[1].split("</nav>")[0]
    assert 'href="/staff"' not in tabs and 'href="/staff/roles"' not in tabs
    assert 'href="/staff/audit"' in tabs


def test_the_audit_details_read_in_words_in_swedish(admin, gateway):
    made = {
        **ENTRY,
        "kind": "user.created",
        "details": {"username": "eva", "roles": ["group_leader"], "status": "pending"},
    }
    failed = {**ENTRY, "kind": "login.failed", "details": {"reason": "credentials", "own": True}}
    gateway.on("GET", "/api/identity/audit", 200, [made, failed])
    page = admin.get("/staff/audit", headers={"Accept-Language": "sv"}).text
    assert "Användarnamn: eva; Roller: Gruppledare; Läge: Väntande (inte aktiverat)" in page
    assert "Orsak: fel användarnamn eller lösenord; Eget konto: ja" in page
