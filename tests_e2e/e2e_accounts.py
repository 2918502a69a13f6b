"""Persons and login accounts the end-to-end tests make through the gateway, as staff would."""

from __future__ import annotations

import uuid

import requests


def make_person(gateway: str, headers: dict, **fields) -> dict:
    """A registry person (first name "Test" and a fresh last name unless given); its JSON."""
    body = {"first_name": "Test", "last_name": f"T{uuid.uuid4().hex[:6]}", **fields}
    made = requests.post(f"{gateway}/api/registry/persons", json=body, headers=headers, timeout=10)
    assert made.status_code == 201, made.text
    return made.json()


def make_account(
    gateway: str,
    headers: dict,
    password: str,
    roles: list[str],
    person_id: str | None = None,
    prefix: str | None = None,
) -> dict:
    """An active account with `password` holding `roles` (for `person_id`, when given), with a
    fresh username starting with `prefix` (default: the first role); its JSON."""
    username = f"{prefix or roles[0].replace('_', '')}{uuid.uuid4().hex[:8]}"
    body = {
        "username": username,
        "email": f"{username}@example.se",
        "password": password,
        "roles": roles,
    }
    if person_id is not None:
        body["person_id"] = person_id
    made = requests.post(f"{gateway}/api/identity/users", json=body, headers=headers, timeout=10)
    assert made.status_code == 201, made.text
    return made.json()


def log_in(gateway: str, username: str, password: str) -> dict:
    """A login through the gateway: its answer (access_token, refresh_token, ...)."""
    response = requests.post(
        f"{gateway}/api/identity/auth/login",
        json={"username": username, "password": password},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def bearer(gateway: str, username: str, password: str) -> dict[str, str]:
    """The Authorization header of a fresh login."""
    return {"Authorization": f"Bearer {log_in(gateway, username, password)['access_token']}"}
