"""Impersonation: permission, 30-minute token with `act`, no refresh, audit, no escalation."""

from __future__ import annotations

import time

import jwt
import pytest

from identity.domain import roles, tokens
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
IMPERSONATE = "identity.impersonate"
MEMBER_RIGHTS = sorted(roles.BUILT_IN_ROLES["member"])  # impersonating needs what they hold


@pytest.fixture()
def member(db):
    return accounts.create_user(
        db, username="member.eva", password=PASSWORD, email="eva@example.se", role_names=["member"]
    )


def impersonate(api, user_id, *permissions, staff="staff-1", reason="ticket 4711"):
    if IMPERSONATE in permissions:
        permissions = (*permissions, *MEMBER_RIGHTS)
    return api.call(
        "POST",
        f"/users/{user_id}/impersonate",
        *permissions,
        user_id=staff,
        json={"reason": reason},
    )


def test_token_names_the_acting_staff_and_lasts_30_minutes(api, member, settings):
    response = impersonate(api, member.id, IMPERSONATE)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["expires_in"] == 1800 and "refresh_token" not in body
    keys = api.client.get("/.well-known/jwks.json").json
    claims = tokens.verify_access_token(body["access_token"], keys, settings)
    assert claims["sub"] == member.id and claims["act"] == {"sub": "staff-1"}
    assert claims["sid"] == body["session_id"]
    assert 1795 <= claims["exp"] - time.time() <= 1800
    assert api.access(member.id, body["session_id"])["session_active"] is True


def test_start_is_audited_with_who_whom_and_why(api, member):
    impersonate(api, member.id, IMPERSONATE, reason="ticket 4711")
    entry = api.audit("impersonation.started")[-1]
    assert entry.actor_user_id == "staff-1" and entry.subject_user_id == member.id
    assert entry.details["reason"] == "ticket 4711" and entry.details["session_id"]


def test_owner_can_by_default_others_need_the_permission(api, member):
    assert impersonate(api, member.id, "identity.users.manage").status_code == 403
    assert impersonate(api, member.id, "*").status_code == 200


def test_cannot_impersonate_someone_with_more_rights(api, db):
    manager = accounts.create_user(
        db, username="manager.al", password=PASSWORD, email="al@example.se", role_names=["manager"]
    )
    response = impersonate(api, manager.id, IMPERSONATE, "registry.persons.read")
    assert response.status_code == 403 and "permissions" in response.json["message"]


def test_not_oneself_nor_an_inactive_account(api, member, db):
    assert impersonate(api, member.id, IMPERSONATE, staff=member.id).status_code == 403
    api.call("POST", f"/users/{member.id}/deactivate", "identity.users.manage")
    assert impersonate(api, member.id, IMPERSONATE).status_code == 403


def test_impersonation_session_is_listed_and_revocable(api, member):
    body = impersonate(api, member.id, IMPERSONATE).json
    own = "identity.own_account.manage"
    listed = api.call("GET", f"/users/{member.id}/sessions", own, user_id=member.id).json
    assert [(s["id"], s["impersonator_id"]) for s in listed] == [(body["session_id"], "staff-1")]
    api.call("DELETE", f"/users/{member.id}/sessions/{body['session_id']}", own, user_id=member.id)
    assert api.access(member.id, body["session_id"])["session_active"] is False


def test_unknown_user_is_404(api):
    response = impersonate(api, "00000000-0000-4000-8000-000000000000", IMPERSONATE)
    assert response.status_code == 404


def test_reason_is_required(api, member):
    response = api.call("POST", f"/users/{member.id}/impersonate", IMPERSONATE, json={})
    assert response.status_code == 422 and "reason" in response.json["errors"]["json"]


def test_ordinary_tokens_carry_no_act(api, member):
    body = api.client.post(
        "/auth/login", json={"username": "member.eva", "password": PASSWORD}
    ).json
    assert "act" not in jwt.decode(body["access_token"], options={"verify_signature": False})
