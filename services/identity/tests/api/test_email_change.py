"""Changing a login e-mail: staff (never beyond their rights) or the member, confirmed by link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import update

from foyer_shared.db import utcnow
from identity.domain import roles
from identity.models import OneTimeToken
from identity.use_cases import accounts

PASSWORD = "a-long-passphrase-1"
MANAGE = "identity.users.manage"
MEMBER_RIGHTS = sorted(roles.BUILT_IN_ROLES["member"])
ADMIN_RIGHTS = sorted(roles.BUILT_IN_ROLES["administrator"])


@pytest.fixture()
def member(db):
    return accounts.create_user(
        db, username="member.eva", password=PASSWORD, email="eva@example.se", role_names=["member"]
    )


def staff_asks(api, user_id, email, *permissions, staff="staff-1"):
    return api.call(
        "POST", f"/users/{user_id}/email-change", *permissions, user_id=staff, json={"email": email}
    )


def token(api) -> str:
    data = api.events("identity.user.email_change_requested")[-1]["data"]
    assert data["link"].startswith("http://127.0.0.1:8080/confirm-email?token=")
    return parse_qs(urlparse(data["link"]).query)["token"][0]


def confirm(api, value):
    return api.client.post("/auth/confirm-email", json={"token": value})


def login(api, username, password=PASSWORD):
    return api.client.post("/auth/login", json={"username": username, "password": password})


def test_staff_change_is_confirmed_by_the_link_to_the_new_address(api, member):
    asked = staff_asks(api, member.id, "Eva.New@Example.se", MANAGE, *MEMBER_RIGHTS)
    assert asked.status_code == 202, asked.json
    data = api.events("identity.user.email_change_requested")[-1]["data"]
    assert data["email"] == "eva.new@example.se" and data["user_id"] == member.id
    assert set(data) == {"user_id", "person_id", "username", "email", "link", "expires_at"}
    # Nothing changes before the link is used.
    assert api.call("GET", f"/users/{member.id}", "identity.users.read").json["email"] == (
        "eva@example.se"
    )
    session = login(api, "member.eva").json["refresh_token"]
    done = confirm(api, token(api))
    assert done.status_code == 200, done.json
    assert done.json == {"username": "member.eva", "email": "eva.new@example.se"}
    # Sessions are not touched; the username (not an e-mail) stays.
    assert api.client.post("/auth/refresh", json={"refresh_token": session}).status_code == 200
    changed = api.events("identity.user.email_changed")[-1]["data"]
    assert changed["username"] == changed["previous_username"] == "member.eva"
    kinds = [e.kind for e in api.audit() if e.subject_user_id == member.id]
    assert "email.change_requested" in kinds and "email.changed" in kinds
    assert all("eva.new" not in str(e.details) for e in api.audit())


def test_the_link_works_once_and_not_after_it_expired(api, member, db):
    staff_asks(api, member.id, "eva.two@example.se", MANAGE, *MEMBER_RIGHTS)
    first = token(api)
    assert confirm(api, first).status_code == 200
    again = confirm(api, first)
    assert again.status_code == 400 and "token" in again.json["errors"]["json"]
    staff_asks(api, member.id, "eva.three@example.se", MANAGE, *MEMBER_RIGHTS)
    late = token(api)
    with db.transaction() as session:
        session.execute(update(OneTimeToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    refused = confirm(api, late)
    assert refused.status_code == 400 and "expired" in refused.json["message"]


def test_a_newer_request_withdraws_the_older_link(api, member):
    staff_asks(api, member.id, "eva.a@example.se", MANAGE, *MEMBER_RIGHTS)
    older = token(api)
    staff_asks(api, member.id, "eva.b@example.se", MANAGE, *MEMBER_RIGHTS)
    assert confirm(api, older).status_code == 400
    assert confirm(api, token(api)).json["email"] == "eva.b@example.se"


def test_staff_cannot_take_over_an_account_holding_more_than_they_do(api, db, member):
    admin = accounts.create_user(
        db, username="admin.bo", password=PASSWORD, email="bo@example.se", role_names=["manager"]
    )
    refused = staff_asks(api, admin.id, "mine@example.se", MANAGE, *MEMBER_RIGHTS)
    assert refused.status_code == 403
    assert "registry.persons.delete" in refused.json["errors"]["permissions"]
    assert api.events("identity.user.email_change_requested") == []


def test_only_an_owner_changes_an_owners_login_email(api, owner):
    refused = staff_asks(api, owner.id, "mine@example.se", *ADMIN_RIGHTS)
    assert refused.status_code == 403 and refused.json["errors"]["permissions"] == ["*"]
    assert staff_asks(api, owner.id, "owner2@example.se", "*").status_code == 202


def test_without_the_permission_it_is_refused(api, member):
    assert staff_asks(api, member.id, "x@example.se", *MEMBER_RIGHTS).status_code == 403


def test_taken_same_and_bad_addresses(api, db, member):
    accounts.create_user(
        db, username="other", password=PASSWORD, email="Taken@example.se", role_names=["member"]
    )
    taken = staff_asks(api, member.id, "taken@example.se", MANAGE, *MEMBER_RIGHTS)
    assert taken.status_code == 409 and "email" in taken.json["errors"]["json"]
    same = staff_asks(api, member.id, "EVA@example.se", MANAGE, *MEMBER_RIGHTS)
    assert same.status_code == 422 and "email" in same.json["errors"]["json"]
    bad = staff_asks(api, member.id, "not-an-address", MANAGE, *MEMBER_RIGHTS)
    assert bad.status_code == 422 and "email" in bad.json["errors"]["json"]


def test_the_member_changes_their_own_with_their_password(api, db):
    user = accounts.create_user(
        db, username="ann@example.se", password=PASSWORD, email="ann@example.se"
    )
    path = "/account/email-change"
    wrong = api.call(
        "POST", path, roles.OWN_ACCOUNT, user_id=user.id,
        json={"password": "not-it-at-all", "email": "ann@new.se"},
    )  # fmt: skip
    assert wrong.status_code == 400 and "password" in wrong.json["errors"]["json"]
    asked = api.call(
        "POST", path, roles.OWN_ACCOUNT, user_id=user.id,
        json={"password": PASSWORD, "email": "ann@new.se"},
    )  # fmt: skip
    assert asked.status_code == 202, asked.json
    assert confirm(api, token(api)).json == {"username": "ann@new.se", "email": "ann@new.se"}
    # The username was the e-mail, so it followed: the new address logs in.
    assert login(api, "ann@new.se").status_code == 200
    assert login(api, "ann@example.se").status_code == 401


def test_a_role_that_starts_later_counts_too(api, db, member):
    later = (utcnow() + timedelta(days=7)).isoformat()
    assigned = api.call(
        "PUT",
        f"/users/{member.id}/roles",
        "*",
        json={"roles": [{"role": "member"}, {"role": "manager", "valid_from": later}]},
    )
    assert assigned.status_code == 200, assigned.json
    refused = staff_asks(api, member.id, "eva.x@example.se", MANAGE, *MEMBER_RIGHTS)
    assert refused.status_code == 403
    assert "registry.persons.merge" in refused.json["errors"]["permissions"]
