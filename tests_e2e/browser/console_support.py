"""Helpers of the console journeys: persons and accounts made through the API."""

from __future__ import annotations

from e2e_accounts import make_account, make_person

PASSWORD = "console-long-passphrase-7"
# The console stack's owner (conftest.py starts it with this). Imported from here, never as
# `from conftest import`: tests_e2e/conftest.py is a module named conftest too, with its own.
OWNER_PASSWORD = "console-Owner-passphrase-1"


def person(site, headers, **fields) -> dict:
    return make_person(site, headers, **fields)


def account(site, headers, person_id: str, role: str) -> str:
    """An active account with PASSWORD holding `role`; its username."""
    return make_account(site, headers, PASSWORD, [role], person_id)["username"]
