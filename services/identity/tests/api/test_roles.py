"""Custom roles, the permission catalogue, assignments with dates, the last-owner rule, events."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from foyer_shared.db import utcnow
from identity.domain.roles import BUILT_IN_ROLES
from identity.models import AuditEntry, messaging
from identity.use_cases import accounts
from identity.use_cases.accounts import bootstrap_owner

MANAGE_ROLES, MANAGE_USERS = "identity.roles.manage", "identity.users.manage"
# An author may put into a role only permissions they hold themselves.
AUTHOR = (MANAGE_ROLES, "registry.persons.read", "crm.contacts.read")
KASSA = {
    "name": "Kassa",
    "description": "Till",
    "permissions": ["registry.persons.read", "crm.contacts.read"],
}


def call(client, as_staff, method, path, *permissions, json=None, user_id="test-user"):
    headers = as_staff(method, path, *permissions, user_id=user_id)
    return client.open(path, method=method, json=json, headers=headers)


def access(client, as_staff, user_id, session_id=None):
    path = f"/internal/users/{user_id}/access"
    query = f"?session_id={session_id}" if session_id else ""
    return client.get(path + query, headers=as_staff("GET", path, caller_service="gateway")).json


def set_roles(client, as_staff, user_id, *roles, by="test-user"):
    """PUT /users/{id}/roles as `by`, who holds every permission (`*`)."""
    path = f"/users/{user_id}/roles"
    return call(client, as_staff, "PUT", path, "*", json={"roles": list(roles)}, user_id=by)


def outbox(db) -> list[dict]:
    with db.read_only() as session:
        bodies = session.execute(
            select(messaging.outbox.c.body).order_by(messaging.outbox.c.created_at)
        ).scalars()
        return [json.loads(body) for body in bodies]


def make_user(db, username="staff.anna", roles=("member",)):
    return accounts.create_user(
        db,
        username=username,
        password="a-long-passphrase-1",
        email=f"{username}@example.se",
        role_names=list(roles),
    )


def create_kassa(client, as_staff, body=KASSA):
    return call(client, as_staff, "POST", "/roles", *AUTHOR, json=body)


def test_create_custom_role_publishes_role_changed_and_audits(client, as_staff, db):
    response = create_kassa(client, as_staff)
    assert response.status_code == 201, response.json
    assert response.json["name"] == "kassa" and response.json["built_in"] is False
    event = outbox(db)[-1]
    assert event["type"] == "identity.role.changed"
    assert event["data"] == {"role_id": response.json["id"], "name": "kassa", "change": "created"}
    with db.read_only() as session:
        assert session.scalars(select(AuditEntry.kind)).all() == ["role.created"]


def test_unknown_permission_is_422_naming_it_and_writes_nothing(client, as_staff, db):
    response = create_kassa(client, as_staff, {**KASSA, "permissions": ["crm.wands.wave"]})
    assert response.status_code == 422
    assert "crm.wands.wave" in response.json["errors"]["json"]["permissions"][0]
    assert outbox(db) == []


def test_malformed_permission_is_422(client, as_staff):
    response = create_kassa(client, as_staff, {**KASSA, "permissions": ["everything"]})
    assert response.status_code == 422 and "permissions" in response.json["errors"]["json"]


def test_built_in_and_taken_names_are_409(client, as_staff):
    assert create_kassa(client, as_staff, {**KASSA, "name": "Owner"}).status_code == 409
    assert create_kassa(client, as_staff).status_code == 201
    again = create_kassa(client, as_staff, {**KASSA, "name": "KASSA"})
    assert again.status_code == 409 and "name" in again.json["errors"]["json"]


def test_managing_roles_needs_the_permission(client, as_staff):
    response = call(client, as_staff, "POST", "/roles", MANAGE_USERS, json=KASSA)
    assert response.status_code == 403 and MANAGE_ROLES in response.json["message"]


def test_list_roles_has_built_in_and_custom(client, as_staff):
    create_kassa(client, as_staff)
    found = call(client, as_staff, "GET", "/roles", "identity.users.read").json
    names = [r["name"] for r in found]
    assert names[:7] == [
        "owner",
        "administrator",
        "manager",
        "receptionist",
        "trainer",
        "group_leader",
        "member",
    ]
    assert names[7:] == ["kassa"]
    # Each built-in role says what it is for, in words (not "built-in role group_leader").
    leader = next(r for r in found if r["name"] == "group_leader")
    assert leader["description"].startswith("Sees and changes the members of the groups they lead")
    assert all(r["description"] and "_" not in r["description"] for r in found[:7])


def test_assigned_custom_role_gives_exactly_its_permissions(client, as_staff, db):
    role_id = create_kassa(client, as_staff).json["id"]
    user = make_user(db)
    response = set_roles(client, as_staff, user.id, {"role": "kassa"})
    assert response.status_code == 200, response.json
    assert response.json["roles"] == ["kassa"]
    granted = access(client, as_staff, user.id)
    assert set(granted["permissions"]) == {
        "registry.persons.read",
        "crm.contacts.read",
        "identity.own_account.manage",
    }
    event = outbox(db)[-1]
    assert event["type"] == "identity.user.roles_changed"
    assert event["data"] == {
        "user_id": user.id,
        "person_id": None,
        "roles": ["kassa"],
        "staff": True,
    }
    # Editing the role changes what holders may do at once.
    edited = call(
        client,
        as_staff,
        "PUT",
        f"/roles/{role_id}",
        *AUTHOR,
        json={**KASSA, "permissions": ["crm.contacts.read"]},
    )
    assert edited.status_code == 200
    assert "registry.persons.read" not in access(client, as_staff, user.id)["permissions"]
    assert outbox(db)[-1]["data"]["change"] == "updated"


def test_deleting_a_role_removes_it_from_holders(client, as_staff, db):
    role_id = create_kassa(client, as_staff).json["id"]
    user = make_user(db)
    set_roles(client, as_staff, user.id, {"role": "kassa"}, {"role": "member"})
    assert call(client, as_staff, "DELETE", f"/roles/{role_id}", *AUTHOR).status_code == 204
    assert access(client, as_staff, user.id)["roles"] == ["member"]
    types = [(e["type"], e["data"].get("change"), e["data"].get("staff")) for e in outbox(db)]
    assert types[-2:] == [
        ("identity.role.changed", "deleted", None),
        ("identity.user.roles_changed", None, False),
    ]


def test_renaming_a_role_keeps_its_holders(client, as_staff, db):
    role_id = create_kassa(client, as_staff).json["id"]
    user = make_user(db, roles=["kassa"])
    call(client, as_staff, "PUT", f"/roles/{role_id}", *AUTHOR, json={**KASSA, "name": "till"})
    assert access(client, as_staff, user.id)["roles"] == ["till"]


def test_validity_dates_are_enforced(client, as_staff, db):
    user = make_user(db)
    now = utcnow()
    body = {
        "roles": [
            {"role": "trainer", "valid_until": (now - timedelta(minutes=1)).isoformat()},
            {"role": "receptionist", "valid_from": (now + timedelta(days=1)).isoformat()},
            {
                "role": "manager",
                "valid_from": (now - timedelta(days=1)).isoformat(),
                "valid_until": (now + timedelta(days=1)).isoformat(),
            },
        ]
    }
    response = call(client, as_staff, "PUT", f"/users/{user.id}/roles", "*", json=body)
    assert response.status_code == 200, response.json
    assert len(response.json["assignments"]) == 3
    granted = access(client, as_staff, user.id)
    assert granted["roles"] == ["manager"]
    assert "notify.messages.send" in granted["permissions"]  # manager's
    assert "registry.persons.write" in granted["permissions"]  # manager's, not only receptionist


def test_empty_period_is_422_naming_roles(client, as_staff, db):
    user = make_user(db)
    now = utcnow().isoformat()
    response = set_roles(
        client, as_staff, user.id, {"role": "trainer", "valid_from": now, "valid_until": now}
    )
    assert response.status_code == 422 and "roles" in response.json["errors"]["json"]


def test_unknown_role_in_assignment_is_422(client, as_staff, db):
    user = make_user(db)
    response = set_roles(client, as_staff, user.id, {"role": "wizard"})
    assert response.status_code == 422 and "wizard" in response.json["message"]


def test_cannot_grant_more_than_one_holds(client, as_staff, db):
    user = make_user(db)
    # The caller may take the member role away (holds its rights) but not grant owner.
    response = call(
        client,
        as_staff,
        "PUT",
        f"/users/{user.id}/roles",
        MANAGE_USERS,
        *BUILT_IN_ROLES["member"],
        json={"roles": [{"role": "owner"}]},
    )
    assert response.status_code == 403 and "owner" in response.json["message"]


@pytest.fixture()
def owner(db, settings):
    return bootstrap_owner(db, settings)


def test_last_owner_cannot_be_demoted(client, as_staff, db, owner):
    response = set_roles(client, as_staff, owner.id, {"role": "manager"})
    assert response.status_code == 409 and "last owner" in response.json["message"]
    until = (utcnow() + timedelta(days=1)).isoformat()
    limited = set_roles(client, as_staff, owner.id, {"role": "owner", "valid_until": until})
    assert limited.status_code == 409
    assert access(client, as_staff, owner.id)["roles"] == ["owner"]


def test_an_owner_can_be_demoted_while_another_remains(client, as_staff, db, owner):
    make_user(db, "second.owner", roles=["owner"])
    response = set_roles(client, as_staff, owner.id, {"role": "manager"})
    assert response.status_code == 200


def test_setting_the_same_roles_again_publishes_nothing(client, as_staff, db):
    user = make_user(db, roles=["trainer"])
    before = len(outbox(db))
    set_roles(client, as_staff, user.id, {"role": "trainer"})
    assert len(outbox(db)) == before


def test_permission_catalogue_lists_services_and_descriptions(client, as_staff):
    response = call(client, as_staff, "GET", "/permissions", "identity.users.read")
    assert response.status_code == 200
    entries = {entry["permission"]: entry for entry in response.json}
    assert entries["registry.persons.read"]["service"] == "registry"
    assert entries["identity.roles.manage"]["description"]
    assert "public" not in entries and "internal" not in entries


def test_the_catalogues_descriptions_read_in_swedish_when_asked(client, as_staff):
    headers = {**as_staff("GET", "/permissions", "identity.users.read"), "Accept-Language": "sv"}
    swedish = {e["permission"]: e for e in client.get("/permissions", headers=headers).json}
    assert swedish["registry.persons.read"]["description"] == "Se personer och företag i registret"
    assert swedish["identity.audit.read"]["description"] == "Läsa granskningsloggen"
    english = call(client, as_staff, "GET", "/permissions", "identity.users.read").json
    described = {e["permission"]: e["description"] for e in english}
    assert described["identity.audit.read"] == "Read the audit log"


def test_a_role_may_hold_only_permissions_its_author_holds(client, as_staff):
    body = {**KASSA, "permissions": ["registry.persons.read", "identity.impersonate"]}
    response = call(
        client, as_staff, "POST", "/roles", MANAGE_ROLES, "registry.persons.read", json=body
    )
    assert response.status_code == 403 and "author" in response.json["message"]
    allowed = call(
        client,
        as_staff,
        "POST",
        "/roles",
        MANAGE_ROLES,
        "registry.persons.read",
        json={**KASSA, "permissions": ["registry.persons.read"]},
    )
    assert allowed.status_code == 201


def test_user_created_event_tells_roles_and_staff(client, as_staff, db):
    make_user(db, roles=["trainer", "member"])
    event = next(e for e in outbox(db) if e["type"] == "identity.user.created")
    assert event["data"]["roles"] == ["member", "trainer"] and event["data"]["staff"] is True


def test_impersonation_is_grantable_through_a_custom_role(client, as_staff, db):
    body = {"name": "support", "permissions": ["identity.impersonate"]}
    assert call(client, as_staff, "POST", "/roles", "*", json=body).status_code == 201
    user = make_user(db)
    set_roles(client, as_staff, user.id, {"role": "support"})
    assert "identity.impersonate" in access(client, as_staff, user.id)["permissions"]
    # Not part of any built-in role but the owner's `*`.
    from identity.domain import roles

    assert all(
        "identity.impersonate" not in permissions for permissions in roles.BUILT_IN_ROLES.values()
    )


def test_changing_only_the_period_of_a_held_role(client, as_staff, db):
    user = make_user(db, roles=["trainer", "member"])
    ended = (utcnow() - timedelta(minutes=1)).isoformat()
    response = set_roles(
        client,
        as_staff,
        user.id,
        {"role": "trainer", "valid_until": ended},
        {"role": "member"},
        by="boss",
    )
    assert response.status_code == 200, response.json
    assert access(client, as_staff, user.id)["roles"] == ["member"]
    from identity.models import UserRole

    with db.read_only() as session:
        granted = dict(session.execute(select(UserRole.role, UserRole.granted_by)).all())
    assert granted == {"trainer": "boss", "member": None}  # the unchanged one kept its grantor
    assert outbox(db)[-1]["type"] == "identity.user.roles_changed"


def test_unknown_custom_role_is_404(client, as_staff):
    missing = "/roles/00000000-0000-4000-8000-000000000000"
    assert call(client, as_staff, "PUT", missing, *AUTHOR, json=KASSA).status_code == 404
    assert call(client, as_staff, "DELETE", missing, MANAGE_ROLES).status_code == 404
