"""Staff and roles against a fake gateway: the accounts listed with their filters, a user's
roles replaced (keeping each role's period), deactivation, a role made from the permission
catalogue; identity's refusals shown; hidden from and refused to those without the permission."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

EVA = "8a0c5c2e-1d1b-4d6e-9f0a-1b2c3d4e5f60"
ROLE = "5b0f0c4e-57a1-4f7e-9a53-3c1b1e1f6a10"
PERSON = "2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11"
USER = {
    "id": EVA,
    "username": "eva",
    "email": "eva@example.se",
    "status": "active",
    "person_id": PERSON,
    "roles": ["kassa", "trainer"],
    "assignments": [
        {"role": "kassa", "valid_from": "2026-12-01T00:00:00+00:00", "valid_until": None},
        {"role": "trainer", "valid_from": None, "valid_until": None},
    ],
}
ROLES = [
    {"id": "r-1", "name": "receptionist", "description": "", "permissions": [], "built_in": True},
    {"id": "r-2", "name": "trainer", "description": "", "permissions": [], "built_in": True},
    {
        "id": ROLE,
        "name": "kassa",
        "description": "Front desk till",
        "permissions": ["registry.persons.read"],
        "built_in": False,
    },
]
CATALOGUE = [
    {"permission": "registry.persons.read", "service": "registry", "description": "See persons"},
    {"permission": "crm.contacts.read", "service": "crm", "description": "See CRM cards"},
]
ADMIN = ["registry.persons.read", "identity.users.read", "identity.users.manage"]


@pytest.fixture
def admin(signed_in, gateway):
    gateway.permissions = [*ADMIN, "identity.roles.manage"]
    gateway.on("GET", "/api/identity/users", 200, [USER], {"X-Pagination": '{"total": 1}'})
    gateway.on("GET", f"/api/identity/users/{EVA}", 200, USER)
    gateway.on("GET", "/api/identity/roles", 200, ROLES)
    gateway.on("GET", "/api/identity/permissions", 200, CATALOGUE)
    return signed_in


def recorded(gateway, method, path, status, body):
    sent = []
    gateway.routes[(method, path)] = lambda **kw: sent.append(kw) or answer(status, body)
    return sent


def test_the_accounts_are_listed_with_the_filters_passed_on(admin, gateway):
    sent = recorded(gateway, "GET", "/api/identity/users", 200, [USER])
    page = admin.get("/staff?username=ev&status=active")
    assert page.status_code == 200
    assert f'href="/staff/{EVA}">eva<' in page.text and "kassa, Trainer" in page.text
    assert f'href="/persons/{PERSON}"' in page.text
    assert sent[0]["params"]["username"] == "ev" and sent[0]["params"]["status"] == "active"
    assert '<label for="f-status">' in page.text


def test_saving_the_roles_keeps_each_roles_period(admin, gateway):
    page = admin.get(f"/staff/{EVA}")
    assert 'id="role-kassa" name="roles" value="kassa" checked' in page.text
    sent = recorded(gateway, "PUT", f"/api/identity/users/{EVA}/roles", 200, USER)
    response = admin.post(
        f"/staff/{EVA}/roles",
        data={"csrf_token": csrf_of(page.text), "roles": ["kassa", "receptionist"]},
    )
    assert response.status_code == 302
    assert sent[0]["json"] == {
        "roles": [
            {"role": "kassa", "valid_from": "2026-12-01T00:00:00+00:00"},
            {"role": "receptionist"},
        ]
    }


def test_a_widening_refused_by_identity_is_shown_at_the_roles(admin, gateway):
    refusal = {"code": 403, "message": "the role grants permissions you do not hold"}
    gateway.on("PUT", f"/api/identity/users/{EVA}/roles", 403, refusal)
    page = admin.get(f"/staff/{EVA}")
    response = admin.post(
        f"/staff/{EVA}/roles", data={"csrf_token": csrf_of(page.text), "roles": ["receptionist"]}
    )
    assert response.status_code == 422
    assert 'id="f-roles-error" role="alert">the role grants permissions' in response.text
    assert 'value="receptionist" checked' in response.text  # what was ticked stays ticked


def test_deactivating_the_last_owner_is_refused_with_the_message(admin, gateway):
    gateway.on("POST", f"/api/identity/users/{EVA}/deactivate", 409, {"message": "last owner"})
    page = admin.get(f"/staff/{EVA}")
    assert "Deactivate" in page.text and "Reactivate" not in page.text
    response = admin.post(
        f"/staff/{EVA}/deactivate", data={"csrf_token": csrf_of(page.text)}, follow_redirects=True
    )
    assert 'class="flash error" role="alert">last owner' in response.text


def test_a_role_is_made_from_the_catalogue(admin, gateway):
    page = admin.get("/staff/roles/new")
    assert '<label for="perm-crm.contacts.read">' in page.text
    made = {**ROLES[2], "name": "desk"}
    sent = recorded(gateway, "POST", "/api/identity/roles", 201, made)
    response = admin.post(
        "/staff/roles/new",
        data={
            "csrf_token": csrf_of(page.text),
            "name": " desk ",
            "description": "",
            "permissions": ["registry.persons.read", "crm.contacts.read"],
        },
        follow_redirects=True,
    )
    assert sent[0]["json"] == {
        "name": "desk",
        "description": "",
        "permissions": ["registry.persons.read", "crm.contacts.read"],
    }
    assert "The role “desk” is made." in response.text


def test_a_taken_role_name_is_shown_at_the_name(admin, gateway):
    refusal = {"code": 409, "message": "taken", "errors": {"json": {"name": ["the name is taken"]}}}
    gateway.on("PUT", f"/api/identity/roles/{ROLE}", 409, refusal)
    page = admin.get(f"/staff/roles/{ROLE}")
    assert 'value="registry.persons.read" checked' in page.text
    response = admin.post(
        f"/staff/roles/{ROLE}",
        data={"csrf_token": csrf_of(page.text), "name": "trainer", "permissions": []},
    )
    assert response.status_code == 422
    assert 'id="f-name-error">the name is taken' in response.text


def test_the_roles_list_offers_changes_only_of_custom_roles(admin):
    page = admin.get("/staff/roles").text
    assert f'href="/staff/roles/{ROLE}"' in page and "See persons" in page
    assert admin.get("/staff/roles/r-1").status_code == 404  # not a uuid: no such page


def test_built_in_roles_are_named_in_words_and_custom_ones_as_typed(admin):
    roles = admin.get("/staff/roles").text
    assert '<h2 id="role-r-1">Receptionist <small>' in roles
    assert "The desk: finds, registers and changes people" in roles  # identity's own is empty
    assert f'<h2 id="role-{ROLE}">kassa <small>' in roles and "<p>Front desk till</p>" in roles
    user = admin.get(f"/staff/{EVA}").text
    assert '<dd id="user-roles">kassa, Trainer</dd>' in user
    assert 'value="trainer"' in user and ">Trainer · Reads the register and the CRM." in user
    assert ">kassa · Front desk till" in user
    swedish = admin.get(f"/staff/{EVA}", headers={"Accept-Language": "sv"}).text
    assert '<dd id="user-roles">kassa, Tränare</dd>' in swedish
    assert ">Tränare · Läser registret och CRM." in swedish


def test_hidden_and_refused_without_the_permissions(admin, gateway):
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    assert 'href="/staff"' in admin.get("/search").text
    gateway.permissions = ADMIN[:2]  # may read, not manage
    page = admin.get(f"/staff/{EVA}").text
    assert "Save the roles" not in page and "Deactivate" not in page
    assert "New role" not in admin.get("/staff/roles").text
    assert admin.get("/staff/roles/new").status_code == 403
    gateway.permissions = ["registry.persons.read"]
    assert 'href="/staff"' not in admin.get("/search").text
    for path in ("/staff", f"/staff/{EVA}", "/staff/roles"):
        assert admin.get(path).status_code == 403
    changes = [c for c in gateway.calls if c[0] != "GET" and "/auth/" not in c[1]]
    assert not changes


def test_the_pages_speak_swedish(admin):
    swedish = {"Accept-Language": "sv"}
    page = admin.get(f"/staff/{EVA}", headers=swedish).text
    assert "Personal och roller" in page and "Spara rollerna" in page and "Inaktivera" in page
    assert "Ny roll" in admin.get("/staff/roles", headers=swedish).text
