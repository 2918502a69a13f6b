"""Accounts: inactive access, unknown ids, required fields, the outbox in the same transaction."""

from __future__ import annotations

import pytest
from identity_testing import account
from sqlalchemy import func, select

from identity import events
from identity.models import User, messaging
from identity.use_cases import accounts

BODY = {
    "username": "coach.bo",
    "email": "bo@example.se",
    "password": "a-long-passphrase",
    "roles": ["trainer"],
}


def count(db, table) -> int:
    with db.read_only() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_inactive_user_has_no_permissions(client, as_staff, db):
    user = account(db, "coach.bo", ["manager"], "a-long-passphrase", email="bo@example.se")
    with db.transaction() as session:
        session.get(User, user.id).status = "inactive"
    path = f"/internal/users/{user.id}/access"
    response = client.get(path, headers=as_staff("GET", path, caller_service="gateway"))
    assert response.status_code == 200
    assert response.json["status"] == "inactive" and response.json["permissions"] == []
    assert response.json["roles"] == ["manager"]


def test_unknown_account_is_404(client, as_staff):
    path = "/users/00000000-0000-4000-8000-000000000000"
    response = client.get(path, headers=as_staff("GET", path, "identity.users.read"))
    assert response.status_code == 404


# The password is optional: without one the account is pending (see test_lifecycle.py).
@pytest.mark.parametrize("field", ["email", "username"])
def test_missing_field_is_422_naming_it(client, as_staff, field):
    body = {name: value for name, value in BODY.items() if name != field}
    headers = as_staff("POST", "/users", "identity.users.manage", "*")
    response = client.post("/users", json=body, headers=headers)
    assert response.status_code == 422
    assert field in response.json["errors"]["json"]


def test_no_account_without_its_event(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("outbox write failed")

    monkeypatch.setattr(events.outbox, "event", broken)
    with pytest.raises(RuntimeError):
        account(db, "coach.bo", ["trainer"], "a-long-passphrase", email="bo@example.se")
    assert count(db, User) == 0 and count(db, messaging.outbox) == 0


def test_taken_username_writes_no_second_event(db):
    for _ in range(2):
        try:
            account(db, "coach.bo", ["trainer"], "a-long-passphrase", email="bo@example.se")
        except accounts.UsernameTaken:
            pass
    assert count(db, User) == 1 and count(db, messaging.outbox) == 1


def test_find_accounts_by_prefix_person_and_status(client, as_staff, db):
    person = "2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11"
    for name, person_id in (("coach.bo", None), ("coach.al", person), ("kassa_1", None)):
        accounts.create_user(
            db,
            username=name,
            password="a-long-passphrase",
            email="x@example.se",
            role_names=["trainer"],
            person_id=person_id,
        )

    def find(query):
        headers = as_staff("GET", "/users", "identity.users.read")
        return client.get(f"/users{query}", headers=headers)

    assert [u["username"] for u in find("?username=COACH").json] == ["coach.al", "coach.bo"]
    assert [u["username"] for u in find(f"?person_id={person}").json] == ["coach.al"]
    assert [u["username"] for u in find("?username=kassa%25").json] == []  # % is literal
    page = find("?page=1&page_size=2")
    assert len(page.json) == 2 and '"total": 3' in page.headers["X-Pagination"]
    assert find("?status=sleeping").status_code == 422


def test_find_the_accounts_behind_a_pages_ids_in_one_call(client, as_staff, db):
    made = {
        name: accounts.create_user(
            db, username=name, password="a-long-passphrase", email="x@example.se"
        ).id
        for name in ("desk.ida", "desk.bo", "coach.al")
    }
    unknown = "2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11"

    def find(query):
        headers = as_staff("GET", "/users", "identity.users.read")
        return client.get(f"/users{query}", headers=headers)

    asked = f"?id={made['desk.ida']}&id={made['coach.al']}&id={unknown}"
    assert [u["username"] for u in find(asked).json] == ["coach.al", "desk.ida"]
    refused = find("?id=not-an-id")
    assert refused.status_code == 422 and "id" in refused.json["errors"]["query"]
    too_many = "?" + "&".join(f"id={unknown}" for _ in range(101))
    assert find(too_many).status_code == 422
