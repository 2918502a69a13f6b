"""Login e-mail vs the card's (issue 23 item 6): the notice and staff's change form on the
card, the member's "my account" page, and the confirmation page the mail links to."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
USER = "7a1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a11"
CARD = {"id": PERSON, "kind": "person", "display_name": "Åsa Berg", "interests": [], "version": 1}
ACCOUNT = {
    "id": USER,
    "username": "asa",
    "email": "asa@old.se",
    "contact_email": "asa@card.se",
    "email_mismatch": True,
}
READ = ["registry.persons.read", "identity.users.read"]


@pytest.fixture
def card(signed_in, gateway):
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, CARD)
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on("GET", "/api/identity/users", 200, [ACCOUNT])
    return signed_in


def sent_to(gateway, path: str) -> list:
    return [kw.get("json") for _m, p, _t, kw in gateway.calls if p == path]


def test_the_card_says_when_the_login_email_differs(card, gateway):
    gateway.permissions = READ
    page = card.get(f"/persons/{PERSON}")
    assert "asa@old.se" in page.text and "asa@card.se" in page.text
    assert "login-email-heading" in page.text
    assert "Change login e-mail" not in page.text  # no identity.users.manage
    asked = [kw for _m, p, _t, kw in gateway.calls if p == "/api/identity/users"]
    assert asked[-1]["params"] == {"person_id": PERSON}


def test_no_notice_when_they_agree_or_accounts_are_not_readable(card, gateway):
    gateway.permissions = READ
    gateway.on("GET", "/api/identity/users", 200, [{**ACCOUNT, "email_mismatch": False}])
    assert "login-email-heading" not in card.get(f"/persons/{PERSON}").text
    gateway.permissions = ["registry.persons.read"]
    assert "login-email-heading" not in card.get(f"/persons/{PERSON}").text


def test_staff_with_the_permission_ask_for_the_change(card, gateway):
    gateway.permissions = [*READ, "identity.users.manage"]
    page = card.get(f"/persons/{PERSON}")
    assert "Change login e-mail" in page.text
    path = f"/api/identity/users/{USER}/email-change"
    gateway.on("POST", path, 202, {"message": "sent"})
    done = card.post(
        f"/persons/{PERSON}/login-email",
        data={"csrf_token": csrf_of(page.text), "user_id": USER, "email": "asa@card.se"},
        follow_redirects=True,
    )
    assert sent_to(gateway, path) == [{"email": "asa@card.se"}]
    assert "confirmation link is on its way" in done.text


def test_a_refusal_is_said_in_words(card, gateway):
    gateway.permissions = [*READ, "identity.users.manage"]
    page = card.get(f"/persons/{PERSON}")
    path = f"/api/identity/users/{USER}/email-change"
    gateway.on("POST", path, 403, {"code": 403, "message": "no", "errors": {"permissions": ["*"]}})
    done = card.post(
        f"/persons/{PERSON}/login-email",
        data={"csrf_token": csrf_of(page.text), "user_id": USER, "email": "x@y.se"},
        follow_redirects=True,
    )
    assert "permissions you do not hold" in done.text


def test_without_the_permission_the_form_post_is_403(card, gateway):
    gateway.permissions = READ
    page = card.get(f"/persons/{PERSON}")
    refused = card.post(
        f"/persons/{PERSON}/login-email",
        data={"csrf_token": csrf_of(page.text), "user_id": USER, "email": "x@y.se"},
    )
    assert refused.status_code == 403


def test_my_account_changes_my_own_login_email(signed_in, gateway):
    gateway.permissions = ["identity.own_account.manage"]  # identity adds it to every account
    page = signed_in.get("/account")
    assert page.status_code == 200
    path = "/api/identity/account/email-change"
    gateway.on(
        "POST",
        path,
        400,
        {"code": 400, "message": "wrong", "errors": {"json": {"password": ["not right"]}}},
    )
    form = {"csrf_token": csrf_of(page.text), "email": "me@new.se", "password": "pw"}
    wrong = signed_in.post("/account", data=form)
    assert wrong.status_code == 400 and "not right" in wrong.text
    gateway.on("POST", path, 202, {"message": "sent"})
    done = signed_in.post("/account", data=form, follow_redirects=True)
    assert sent_to(gateway, path)[-1] == {"password": "pw", "email": "me@new.se"}
    assert "confirmation link is on its way" in done.text


def test_my_account_needs_a_sign_in(client):
    assert client.get("/account").status_code == 302


def test_the_mailed_link_confirms_only_by_the_button(client, gateway):
    path = "/api/identity/auth/confirm-email"
    page = client.get("/confirm-email?token=t1")
    assert page.status_code == 200 and 'value="t1"' in page.text
    assert sent_to(gateway, path) == []  # opening the link changes nothing
    gateway.on("POST", path, 200, {"username": "me@new.se", "email": "me@new.se"})
    done = client.post(
        "/confirm-email",
        data={"csrf_token": csrf_of(page.text), "token": "t1"},
        follow_redirects=True,
    )
    assert sent_to(gateway, path) == [{"token": "t1"}]
    assert "me@new.se" in done.text and "Log in with the new address" in done.text


def test_a_used_link_says_so(client, gateway):
    gateway.routes[("POST", "/api/identity/auth/confirm-email")] = lambda **kw: answer(
        400, {"code": 400, "message": "bad", "errors": {"json": {"token": ["bad"]}}}
    )
    page = client.get("/confirm-email?token=t1")
    refused = client.post("/confirm-email", data={"csrf_token": csrf_of(page.text), "token": "t1"})
    assert refused.status_code == 400 and "already used" in refused.text


def test_the_accounts_list_marks_and_filters_the_mismatch(signed_in, gateway):
    gateway.permissions = READ
    gateway.on("GET", "/api/identity/users", 200, [{**ACCOUNT, "person_id": PERSON}])
    page = signed_in.get("/accounts?mismatch=1")
    assert page.status_code == 200 and "differs" in page.text and "asa@card.se" in page.text
    asked = [kw for _m, p, _t, kw in gateway.calls if p == "/api/identity/users"]
    assert asked[-1]["params"]["email_mismatch"] == "true"
    gateway.permissions = ["registry.persons.read"]
    assert signed_in.get("/accounts").status_code == 403
