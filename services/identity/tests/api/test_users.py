"""Creating accounts, reading them, and the effective access the gateway asks for."""

from __future__ import annotations

import json

from sqlalchemy import select

from identity.domain import roles
from identity.models import messaging

MANAGE = "identity.users.manage"
# Granting a role needs its permissions too (no escalation): an administrator's set suffices.
GRANTOR = (MANAGE, *sorted(roles.BUILT_IN_ROLES["receptionist"] | roles.BUILT_IN_ROLES["trainer"]))
BODY = {
    "username": "Kassa.Anna",
    "email": "anna@example.se",
    "password": "a-long-passphrase",
    "roles": ["receptionist", "trainer"],
}


def create(client, as_staff, body=BODY, *permissions):
    headers = as_staff("POST", "/users", *(permissions or GRANTOR))
    return client.post("/users", json=body, headers=headers)


def test_create_account_stores_lowercase_username_and_no_hash_in_reply(client, as_staff, db):
    response = create(client, as_staff)
    assert response.status_code == 201, response.json
    assert response.json["username"] == "kassa.anna"
    assert response.json["roles"] == ["receptionist", "trainer"]
    assert "password" not in response.json and "password_hash" not in response.json
    with db.read_only() as session:
        body = json.loads(session.execute(select(messaging.outbox.c.body)).scalar_one())
    assert body["type"] == "identity.user.created"
    assert body["data"]["user_id"] == response.json["id"]


def test_effective_permissions_are_the_union_of_roles(client, as_staff):
    user_id = create(client, as_staff).json["id"]
    path = f"/internal/users/{user_id}/access"
    headers = as_staff("GET", path, caller_service="gateway", user_id=None)
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    permissions = set(response.json["permissions"])
    assert {"registry.persons.write", "crm.contacts.read", "registry.persons.read"} <= permissions
    assert "identity.users.manage" not in permissions


def test_internal_access_needs_a_calling_service(client, as_staff):
    user_id = create(client, as_staff).json["id"]
    path = f"/internal/users/{user_id}/access"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=as_staff("GET", path, "*")).status_code == 403


def test_unknown_user_access_is_404(client, as_staff):
    path = "/internal/users/00000000-0000-4000-8000-000000000000/access"
    response = client.get(path, headers=as_staff("GET", path, caller_service="gateway"))
    assert response.status_code == 404


def test_taken_username_is_409_naming_it(client, as_staff):
    assert create(client, as_staff).status_code == 201
    again = create(client, as_staff, {**BODY, "username": "KASSA.anna"})
    assert again.status_code == 409
    assert "username" in again.json["errors"]["json"]


def test_unknown_role_is_422_naming_roles_and_writes_nothing(client, as_staff, db):
    response = create(client, as_staff, {**BODY, "roles": ["wizard"]})
    assert response.status_code == 422
    assert "roles" in response.json["errors"]["json"]
    with db.read_only() as session:
        assert session.execute(select(messaging.outbox)).all() == []


def test_short_password_is_422_naming_password(client, as_staff):
    response = create(client, as_staff, {**BODY, "password": "short"})
    assert response.status_code == 422
    assert "password" in response.json["errors"]["json"]


def test_creating_needs_the_permission(client, as_staff):
    response = create(client, as_staff, BODY, "identity.users.read")
    assert response.status_code == 403
    assert MANAGE in response.json["message"]


def test_read_one_account(client, as_staff):
    user_id = create(client, as_staff).json["id"]
    path = f"/users/{user_id}"
    response = client.get(path, headers=as_staff("GET", path, "identity.users.read"))
    assert response.status_code == 200 and response.json["email"] == "anna@example.se"
