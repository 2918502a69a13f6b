"""Helpers of the console journeys: persons and accounts made through the API."""

from __future__ import annotations

import uuid

import requests

PASSWORD = "console-long-passphrase-7"
# The console stack's owner (conftest.py starts it with this). Imported from here, never as
# `from conftest import`: tests_e2e/conftest.py is a module named conftest too, with its own.
OWNER_PASSWORD = "console-Owner-passphrase-1"


def person(site, headers, **fields) -> dict:
    body = {"first_name": "Test", "last_name": f"T{uuid.uuid4().hex[:6]}", **fields}
    made = requests.post(f"{site}/api/registry/persons", json=body, headers=headers, timeout=10)
    assert made.status_code == 201, made.text
    return made.json()


def account(site, headers, person_id: str, role: str) -> str:
    """An active account with PASSWORD holding `role`; its username."""
    username = f"{role.replace('_', '')}{uuid.uuid4().hex[:6]}"
    made = requests.post(
        f"{site}/api/identity/users",
        json={
            "username": username,
            "email": f"{username}@example.se",
            "password": PASSWORD,
            "roles": [role],
            "person_id": person_id,
        },
        headers=headers,
        timeout=10,
    )
    assert made.status_code == 201, made.text
    return username
