"""A login e-mail change end to end: the owner asks through the gateway, identity issues the
link, notify mails it to the NEW address (the stack's SMTP sink), the link confirms it, and the
account (its username was its e-mail) logs in with the new address."""

from __future__ import annotations

import email
import email.policy
import re
import uuid

import requests

PASSWORD = "a-long-e2e-passphrase-7"


def test_a_change_is_mailed_to_the_new_address_and_confirmed(
    stack, gateway, owner_headers, eventually
):
    tag = uuid.uuid4().hex[:8]
    old, new = f"lm.{tag}@example.se", f"lm.{tag}@new.example.se"
    created = requests.post(
        f"{gateway}/api/identity/users",
        headers=owner_headers,
        json={"username": old, "email": old, "password": PASSWORD, "roles": ["member"]},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    asked = requests.post(
        f"{gateway}/api/identity/users/{user_id}/email-change",
        headers=owner_headers,
        json={"email": new},
        timeout=10,
    )
    assert asked.status_code == 202, asked.text

    def mailed():
        for path in (stack.var / "mail").glob("*.eml"):
            mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if mail["To"] == new:
                return mail
        return None

    body = eventually(mailed, timeout=60).get_body(("plain",)).get_content()
    token = re.search(r"/confirm-email\?token=([A-Za-z0-9_\-]+)", body).group(1)
    confirm = f"{gateway}/api/identity/auth/confirm-email"
    done = requests.post(confirm, json={"token": token}, timeout=10)
    assert done.status_code == 200, done.text
    assert done.json() == {"username": new, "email": new}
    assert requests.post(confirm, json={"token": token}, timeout=10).status_code == 400
    login = f"{gateway}/api/identity/auth/login"
    assert requests.post(login, json={"username": new, "password": PASSWORD}, timeout=10).ok
    refused = requests.post(login, json={"username": old, "password": PASSWORD}, timeout=10)
    assert refused.status_code == 401
