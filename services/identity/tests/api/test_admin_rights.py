"""An administrator cannot exceed their own rights (issue 17, finding 4).

Nobody creates, changes, deletes, assigns or removes a role holding a permission they lack;
only an owner changes an owner; the last active owner stays. Refusals are 403 naming the
missing permission in the message and under `errors.permissions`.
"""

from __future__ import annotations

import pytest
from identity_testing import account

from identity.domain.roles import BUILT_IN_ROLES, OWN_ACCOUNT
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
ADMIN = sorted(BUILT_IN_ROLES["administrator"] | {OWN_ACCOUNT})  # as the gateway signs it
IMPERSONATE = "identity.impersonate"
SUPPORT = {
    "name": "support",
    "description": "Helps users",
    "permissions": ["registry.persons.read", IMPERSONATE],
}


def user(db, username, roles=("member",), password=PASSWORD):
    return account(db, username, roles, password)


def refused(response, permission):
    assert response.status_code == 403, response.json
    assert permission in response.json["message"]
    assert response.json["errors"]["permissions"] == [permission]
    return True


@pytest.fixture()
def support_role(api):
    created = api.call("POST", "/roles", "*", json=SUPPORT)
    assert created.status_code == 201
    return created.json


@pytest.fixture()
def owners(db):
    return user(db, "owner.one", ["owner"]), user(db, "owner.two", ["owner"])


def as_admin(api, method, path, json=None):
    return api.call(method, path, *ADMIN, json=json, user_id="admin-1")


# Roles holding a permission the administrator lacks


def test_administrator_cannot_edit_a_role_holding_more_than_they_hold(api, support_role):
    narrowed = {**SUPPORT, "permissions": ["registry.persons.read"]}  # even to narrow it
    assert refused(as_admin(api, "PUT", f"/roles/{support_role['id']}", narrowed), IMPERSONATE)
    roles = {r["name"]: r for r in api.call("GET", "/roles", "identity.users.read").json}
    assert IMPERSONATE in roles["support"]["permissions"]


def test_administrator_cannot_delete_a_role_holding_more_than_they_hold(api, support_role):
    assert refused(as_admin(api, "DELETE", f"/roles/{support_role['id']}"), IMPERSONATE)
    names = [r["name"] for r in api.call("GET", "/roles", "identity.users.read").json]
    assert "support" in names


def test_administrator_cannot_create_such_a_role(api):
    assert refused(as_admin(api, "POST", "/roles", SUPPORT), IMPERSONATE)


def test_administrator_cannot_assign_or_remove_such_a_role(api, db, support_role):
    helper = user(db, "helper.eva", ["member"])
    path = f"/users/{helper.id}/roles"
    assigned = as_admin(api, "PUT", path, {"roles": [{"role": "member"}, {"role": "support"}]})
    assert refused(assigned, IMPERSONATE)
    holder = user(db, "support.sam", ["support"])
    assert refused(
        as_admin(api, "PUT", f"/users/{holder.id}/roles", {"roles": [{"role": "member"}]}),
        IMPERSONATE,
    )
    assert api.access(holder.id)["roles"] == ["support"]


def test_the_refusal_reads_in_swedish_when_asked(api, db, support_role):
    helper = user(db, "helper.ulla", ["member"])
    path = f"/users/{helper.id}/roles"
    body = {"roles": [{"role": "member"}, {"role": "support"}]}
    swedish = api.call(
        "PUT", path, *ADMIN, json=body, user_id="admin-1", **{"Accept-Language": "sv"}
    )
    assert swedish.status_code == 403
    assert swedish.json["message"] == (
        f"att ge eller ta bort rollen 'support' kräver behörigheten '{IMPERSONATE}', "
        "som du inte har"
    )
    english = as_admin(api, "PUT", path, body).json["message"]
    assert english == (
        f"granting or removing the role 'support' needs the permission '{IMPERSONATE}', "
        "which you do not hold"
    )


def test_administrator_still_manages_roles_within_their_rights(api, db):
    body = {"name": "kassa", "permissions": ["registry.persons.read", "crm.contacts.read"]}
    created = as_admin(api, "POST", "/roles", body)
    assert created.status_code == 201
    role_path = f"/roles/{created.json['id']}"
    assert as_admin(api, "PUT", role_path, {**body, "name": "till"}).status_code == 200
    anna = user(db, "kassa.anna", ["member"])
    granted = as_admin(api, "PUT", f"/users/{anna.id}/roles", {"roles": [{"role": "till"}]})
    assert granted.status_code == 200
    assert as_admin(api, "DELETE", role_path).status_code == 204


# Only an owner changes an owner


def test_administrator_cannot_deactivate_reactivate_or_delete_an_owner(api, db, owners):
    first, second = owners
    assert refused(as_admin(api, "POST", f"/users/{second.id}/deactivate"), "*")
    assert api.access(second.id)["status"] == "active"
    assert api.call("POST", f"/users/{second.id}/deactivate", "*").status_code == 200
    assert refused(as_admin(api, "POST", f"/users/{second.id}/reactivate"), "*")
    assert refused(as_admin(api, "DELETE", f"/users/{second.id}"), "*")
    assert api.call("POST", f"/users/{second.id}/reactivate", "*").status_code == 200


def test_administrator_cannot_change_an_owners_roles(api, owners):
    owner = owners[1]
    added = as_admin(
        api, "PUT", f"/users/{owner.id}/roles", {"roles": [{"role": "owner"}, {"role": "member"}]}
    )
    assert refused(added, "*")
    demoted = as_admin(api, "PUT", f"/users/{owner.id}/roles", {"roles": [{"role": "manager"}]})
    assert refused(demoted, "*")
    assert api.access(owner.id)["roles"] == ["owner"]


def test_administrator_cannot_end_an_owners_sessions(api, client, owners):
    owner = owners[1]
    login = client.post("/auth/login", json={"username": "owner.two", "password": PASSWORD})
    sid = api.call("GET", f"/users/{owner.id}/sessions", "*", user_id=owner.id).json[0]["id"]
    assert refused(as_admin(api, "DELETE", f"/users/{owner.id}/sessions"), "*")
    assert refused(as_admin(api, "DELETE", f"/users/{owner.id}/sessions/{sid}"), "*")
    refreshed = client.post("/auth/refresh", json={"refresh_token": login.json["refresh_token"]})
    assert refreshed.status_code == 200


def test_administrator_cannot_resend_a_pending_owners_activation(api, db, owners):
    pending = accounts.create_user(
        db, username="owner.three", email="o3@example.se", role_names=["owner"]
    )
    assert refused(as_admin(api, "POST", f"/users/{pending.id}/activation"), "*")
    assert api.call("POST", f"/users/{pending.id}/activation", "*").status_code == 202


def test_impersonating_an_owner_needs_the_owners_rights(api, owners):
    response = api.call(
        "POST",
        f"/users/{owners[1].id}/impersonate",
        *ADMIN,
        IMPERSONATE,
        json={"reason": "ticket 4711"},
        user_id="admin-1",
    )
    assert refused(response, "*")


def test_an_owner_changes_another_owner(api, owners):
    first, second = owners
    demoted = api.call(
        "PUT",
        f"/users/{second.id}/roles",
        "*",
        user_id=first.id,
        json={"roles": [{"role": "administrator"}]},
    )
    assert demoted.status_code == 200
    assert api.call("POST", f"/users/{second.id}/deactivate", "*").status_code == 200


def test_an_owner_whose_role_has_ended_is_no_longer_protected(api, db):
    from datetime import timedelta

    from foyer_shared.db import utcnow

    user(db, "owner.one", ["owner"])
    former = user(db, "owner.former", ["member"])
    ended = (utcnow() - timedelta(days=1)).isoformat()
    api.call(
        "PUT",
        f"/users/{former.id}/roles",
        "*",
        json={"roles": [{"role": "owner", "valid_until": ended}, {"role": "member"}]},
    )
    assert as_admin(api, "POST", f"/users/{former.id}/deactivate").status_code == 200


# The last active owner stays


def test_the_last_owner_cannot_be_deactivated_deleted_or_demoted_even_by_an_owner(api, db):
    last = user(db, "owner.last", ["owner"])
    for method, path, body in (
        ("POST", f"/users/{last.id}/deactivate", None),
        ("PUT", f"/users/{last.id}/roles", {"roles": [{"role": "administrator"}]}),
    ):
        response = api.call(method, path, "*", json=body, user_id=last.id)
        assert response.status_code == 409 and "last owner" in response.json["message"]
    deleted = api.call("DELETE", f"/users/{last.id}", "*", user_id=last.id)
    assert deleted.status_code == 409  # an owner is staff: roles must go first, and cannot
    assert api.access(last.id)["roles"] == ["owner"]
