"""Account lifecycle: pending → active → inactive, activation links, bulk creation, deletion."""

from __future__ import annotations

import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import jwt
from identity_testing import account
from sqlalchemy import select

from foyer_shared.db import utcnow
from identity.domain import roles as roles_module
from identity.models import OneTimeToken, User
from identity.use_cases import accounts

MANAGE = "identity.users.manage"
PASSWORD = "a-long-passphrase-1"


def new_person() -> str:
    return str(uuid.uuid4())


def create_pending(api, person_id=None, username="anna.berg", roles=("member",)):
    # Granting a role needs its permissions too (no escalation).
    grants = sorted(set().union(*(roles_module.BUILT_IN_ROLES[name] for name in roles)))
    return api.call(
        "POST",
        "/users",
        MANAGE,
        *grants,
        json={
            "username": username,
            "email": f"{username}@example.se",
            "person_id": person_id or new_person(),
            "roles": list(roles),
        },
    )


def link_token(api) -> str:
    link = api.events("identity.user.activation_requested")[-1]["data"]["link"]
    return parse_qs(urlparse(link).query)["token"][0]


def login(api, username="anna.berg", password=PASSWORD):
    return api.client.post("/auth/login", json={"username": username, "password": password})


def test_account_for_a_person_is_pending_and_publishes_a_24h_link(api, db):
    person = new_person()
    response = create_pending(api, person)
    assert response.status_code == 201, response.json
    assert response.json["status"] == "pending" and response.json["person_id"] == person
    event = api.events("identity.user.activation_requested")[-1]["data"]
    assert event["user_id"] == response.json["id"] and event["person_id"] == person
    assert event["email"] == "anna.berg@example.se" and event["username"] == "anna.berg"
    assert event["link"].startswith("http://127.0.0.1:8080/activate?token=")
    lifetime = accounts.utcnow().fromisoformat(event["expires_at"]) - utcnow()
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)
    token = link_token(api)
    with db.read_only() as session:
        stored = session.scalars(select(OneTimeToken)).one()
    assert token not in stored.token_hash and len(stored.token_hash) == 64  # only a hash kept
    assert login(api).status_code == 401  # pending cannot log in


def test_activation_sets_the_password_once(api):
    create_pending(api)
    token = link_token(api)
    response = api.client.post("/auth/activate", json={"token": token, "password": PASSWORD})
    assert response.status_code == 204, response.json
    assert login(api).status_code == 200
    again = api.client.post("/auth/activate", json={"token": token, "password": PASSWORD + "x"})
    assert again.status_code == 400 and "token" in again.json["errors"]["json"]
    assert [e.kind for e in api.audit("user.activated")] == ["user.activated"]


def test_activation_applies_the_password_policy(api):
    create_pending(api)
    token = link_token(api)
    weak = api.client.post("/auth/activate", json={"token": token, "password": "password12"})
    assert weak.status_code == 422 and "password" in weak.json["errors"]["json"]
    # The refused attempt did not spend the link.
    assert (
        api.client.post("/auth/activate", json={"token": token, "password": PASSWORD}).status_code
        == 204
    )


def test_expired_activation_link_is_refused(api, db):
    create_pending(api)
    token = link_token(api)
    with db.transaction() as session:
        session.scalars(select(OneTimeToken)).one().expires_at = utcnow() - timedelta(seconds=1)
    response = api.client.post("/auth/activate", json={"token": token, "password": PASSWORD})
    assert response.status_code == 400


def test_a_person_has_at_most_one_account(api):
    person = new_person()
    assert create_pending(api, person).status_code == 201
    second = create_pending(api, person, username="other.name")
    assert second.status_code == 409 and "person_id" in second.json["errors"]["json"]


def test_bulk_creation_answers_per_person(api):
    taken = new_person()
    create_pending(api, taken, username="taken.name")
    people = [new_person(), new_person(), new_person()]
    member_rights = sorted(roles_module.BUILT_IN_ROLES["member"])
    response = api.call(
        "POST",
        "/users/bulk",
        MANAGE,
        *member_rights,
        json={
            "accounts": [
                {"person_id": people[0], "username": "p.one", "email": "one@example.se"},
                {"person_id": people[1], "username": "taken.name", "email": "two@example.se"},
                {
                    "person_id": people[2],
                    "username": "p.three",
                    "email": "three@example.se",
                    "roles": ["wizard"],
                },
            ]
        },
    )
    assert response.status_code == 200, response.json
    outcomes = {r["person_id"]: r for r in response.json}
    assert outcomes[people[0]]["outcome"] == "created" and outcomes[people[0]]["user_id"]
    assert outcomes[people[1]]["outcome"] == "refused"
    assert "username" in outcomes[people[1]]["errors"]
    assert "roles" in outcomes[people[2]]["errors"]
    links = api.events("identity.user.activation_requested")
    assert [e["data"]["username"] for e in links] == ["taken.name", "p.one"]


def test_bulk_item_with_bad_field_is_422_naming_it(api):
    member_rights = sorted(roles_module.BUILT_IN_ROLES["member"])
    response = api.call(
        "POST",
        "/users/bulk",
        MANAGE,
        *member_rights,
        json={"accounts": [{"person_id": "nope", "username": "p.one", "email": "one@example.se"}]},
    )
    assert response.status_code == 422 and "accounts" in response.json["errors"]["json"]


def active_user(db, username="coach.bo", roles=("trainer",)):
    return account(db, username, roles, PASSWORD)


def test_deactivation_ends_sessions_and_publishes(api, db):
    user = active_user(db)
    tokens = login(api, "coach.bo").json
    sid = jwt.decode(tokens["access_token"], options={"verify_signature": False})["sid"]
    assert api.access(user.id, sid)["session_active"] is True
    response = api.call("POST", f"/users/{user.id}/deactivate", MANAGE)
    assert response.status_code == 200 and response.json["status"] == "inactive"
    granted = api.access(user.id, sid)
    assert granted["status"] == "inactive" and granted["permissions"] == []
    assert granted["session_active"] is False
    assert (
        api.client.post(
            "/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        ).status_code
        == 401
    )
    assert login(api, "coach.bo").status_code == 401
    types = [e["type"] for e in api.events()][-2:]
    assert types == ["identity.session.revoked", "identity.user.deactivated"]
    assert api.events("identity.session.revoked")[-1]["data"] == {
        "user_id": user.id,
        "session_id": None,
    }
    assert [e.kind for e in api.audit("user.deactivated")] == ["user.deactivated"]


def test_reactivation_lets_the_person_back_in(api, db):
    user = active_user(db)
    api.call("POST", f"/users/{user.id}/deactivate", MANAGE)
    response = api.call("POST", f"/users/{user.id}/reactivate", MANAGE)
    assert response.status_code == 200 and response.json["status"] == "active"
    assert login(api, "coach.bo").status_code == 200
    assert api.events()[-1]["type"] == "identity.user.reactivated"


def test_the_last_owner_cannot_be_deactivated(api, owner):
    response = api.call("POST", f"/users/{owner.id}/deactivate", "*")  # only owners change owners
    assert response.status_code == 409 and "last owner" in response.json["message"]


def test_delete_is_refused_while_staff_roles_are_held(api, db):
    user = active_user(db, roles=("trainer", "member"))
    response = api.call("DELETE", f"/users/{user.id}", MANAGE)
    assert response.status_code == 409
    assert "remove staff roles first" in response.json["message"]
    assert "trainer" in response.json["message"]


def test_delete_a_member_account_keeps_its_audit(api, db):
    user = active_user(db, roles=("member",))
    login(api, "coach.bo")
    assert api.call("DELETE", f"/users/{user.id}", MANAGE).status_code == 204
    with db.read_only() as session:
        assert session.get(User, user.id) is None
    assert api.events()[-1]["type"] in {"identity.user.deleted", "identity.session.revoked"}
    assert "identity.user.deleted" in [e["type"] for e in api.events()]
    assert [e.subject_user_id for e in api.audit("user.deleted")] == [user.id]
    assert api.call("GET", f"/users/{user.id}", "identity.users.read").status_code == 404


def test_a_new_activation_link_replaces_the_old_one(api):
    user_id = create_pending(api).json["id"]
    first = link_token(api)
    response = api.call("POST", f"/users/{user_id}/activation", MANAGE)
    assert response.status_code == 202
    second = link_token(api)
    assert second != first
    assert (
        api.client.post("/auth/activate", json={"token": first, "password": PASSWORD}).status_code
        == 400
    )
    assert (
        api.client.post("/auth/activate", json={"token": second, "password": PASSWORD}).status_code
        == 204
    )
    again = api.call("POST", f"/users/{user_id}/activation", MANAGE)
    assert again.status_code == 409 and "pending" in again.json["message"]


def test_deactivating_twice_publishes_once(api, db):
    user = active_user(db)
    for _ in range(2):
        assert api.call("POST", f"/users/{user.id}/deactivate", MANAGE).status_code == 200
    assert len(api.events("identity.user.deactivated")) == 1


def test_reactivating_an_account_that_never_activated_makes_it_pending(api):
    user_id = create_pending(api).json["id"]
    api.call("POST", f"/users/{user_id}/deactivate", MANAGE)
    response = api.call("POST", f"/users/{user_id}/reactivate", MANAGE)
    assert response.status_code == 200 and response.json["status"] == "pending"


def test_unknown_account_is_404_for_every_change(api):
    missing = "00000000-0000-4000-8000-000000000000"
    for method, path in (
        ("POST", f"/users/{missing}/deactivate"),
        ("POST", f"/users/{missing}/reactivate"),
        ("DELETE", f"/users/{missing}"),
        ("POST", f"/users/{missing}/activation"),
    ):
        assert api.call(method, path, MANAGE).status_code == 404, path
