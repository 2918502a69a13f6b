"""Identity and gateway together: a custom role grants exactly its permissions, and taking
access away (role removed, account deactivated, refresh token reused) bites within 1 second."""

from __future__ import annotations

import uuid

import pytest
import requests
from e2e_accounts import log_in, make_account

from foyer_testing import wait_until

pytestmark = pytest.mark.xdist_group("e2e")

PASSWORD = "kassa-long-passphrase-7"
WITHIN_SECONDS = 1.0


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _staff_account(gateway, owner_headers, roles: list[str]) -> tuple[str, str]:
    made = make_account(gateway, owner_headers, PASSWORD, roles, prefix="staff")
    return made["id"], made["username"]


def _login_pair(gateway, username: str) -> dict:
    return log_in(gateway, username, PASSWORD)


def _refused_within(check, seconds: float = WITHIN_SECONDS) -> int:
    """Poll until `check()` returns a refusal status (401 or 403); returns it."""
    return wait_until(
        lambda: (status := check()) in (401, 403) and status, seconds, 0.05, "refused"
    )


def test_custom_role_grants_exactly_its_permissions_and_removal_bites_at_once(
    gateway, owner_headers
):
    role = requests.post(
        f"{gateway}/api/identity/roles",
        json={
            "name": f"Kassa{uuid.uuid4().hex[:4]}",
            "description": "Front desk till",
            "permissions": ["crm.contacts.read", "imports.jobs.read"],
        },
        headers=owner_headers,
        timeout=10,
    )
    assert role.status_code == 201, role.text
    _, username = _staff_account(gateway, owner_headers, [role.json()["name"]])
    staff = _bearer(_login_pair(gateway, username)["access_token"])

    def jobs():
        return requests.get(f"{gateway}/api/imports/jobs", headers=staff, timeout=10)

    assert jobs().status_code == 200
    contacts = requests.get(f"{gateway}/api/crm/contacts", headers=staff, timeout=10)
    assert contacts.status_code == 200, contacts.text
    # ...and nothing else: the register, writing persons, accounts, uploading an import.
    for method, path, needed in (
        ("GET", "/api/registry/persons", "registry.persons.read"),
        ("POST", "/api/registry/persons", "registry.persons.write"),
        ("GET", "/api/identity/users", "identity.users.read"),
        ("POST", "/api/imports/jobs", "imports.jobs.write"),
    ):
        refused = requests.request(method, f"{gateway}{path}", headers=staff, timeout=10)
        assert refused.status_code == 403, (path, refused.text)
        assert needed in refused.json()["message"]

    removed = requests.delete(
        f"{gateway}/api/identity/roles/{role.json()['id']}", headers=owner_headers, timeout=10
    )
    assert removed.status_code == 204, removed.text
    _refused_within(lambda: jobs().status_code)


def test_deactivation_refuses_a_still_valid_access_token_within_a_second(gateway, owner_headers):
    user_id, username = _staff_account(gateway, owner_headers, ["receptionist"])
    staff = _bearer(_login_pair(gateway, username)["access_token"])

    def persons():
        return requests.get(f"{gateway}/api/registry/persons", headers=staff, timeout=10)

    assert persons().status_code == 200  # the decision is now cached at the gateway
    done = requests.post(
        f"{gateway}/api/identity/users/{user_id}/deactivate", headers=owner_headers, timeout=10
    )
    assert done.status_code == 200, done.text
    _refused_within(lambda: persons().status_code)
    again = requests.post(
        f"{gateway}/api/identity/auth/login",
        json={"username": username, "password": PASSWORD},
        timeout=10,
    )
    assert again.status_code == 401


def test_refresh_token_reuse_ends_the_whole_session(gateway, owner_headers):
    _, username = _staff_account(gateway, owner_headers, ["receptionist"])
    first = _login_pair(gateway, username)
    rotated = requests.post(
        f"{gateway}/api/identity/auth/refresh",
        json={"refresh_token": first["refresh_token"]},
        timeout=10,
    )
    assert rotated.status_code == 200, rotated.text
    staff = _bearer(rotated.json()["access_token"])

    def persons():
        return requests.get(f"{gateway}/api/registry/persons", headers=staff, timeout=10)

    assert persons().status_code == 200
    # Someone replays the first (already used) refresh token: the whole family is revoked.
    replay = requests.post(
        f"{gateway}/api/identity/auth/refresh",
        json={"refresh_token": first["refresh_token"]},
        timeout=10,
    )
    assert replay.status_code == 401
    newest = requests.post(
        f"{gateway}/api/identity/auth/refresh",
        json={"refresh_token": rotated.json()["refresh_token"]},
        timeout=10,
    )
    assert newest.status_code == 401
    _refused_within(lambda: persons().status_code)


def test_permission_catalogue_is_read_from_the_running_services(gateway, owner_headers):
    listed = requests.get(f"{gateway}/api/identity/permissions", headers=owner_headers, timeout=10)
    assert listed.status_code == 200, listed.text
    by_name = {item["permission"]: item for item in listed.json()}
    # Declared only in the imports service's live OpenAPI (not in identity's shipped fallback).
    assert by_name["imports.jobs.write"]["service"] == "imports"
    role = requests.post(
        f"{gateway}/api/identity/roles",
        json={"name": f"Importer{uuid.uuid4().hex[:4]}", "permissions": ["imports.jobs.write"]},
        headers=owner_headers,
        timeout=10,
    )
    assert role.status_code == 201, role.text
    unknown = requests.post(
        f"{gateway}/api/identity/roles",
        json={"name": f"Bogus{uuid.uuid4().hex[:4]}", "permissions": ["imports.jobs.fly"]},
        headers=owner_headers,
        timeout=10,
    )
    assert unknown.status_code == 422 and "imports.jobs.fly" in unknown.text
