"""A fresh CRM on PostgreSQL per test run; tables emptied between tests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from crm import create_app
from crm.models import Base
from crm.settings import Settings
from foyer_shared import contracts
from foyer_shared.db import new_id
from foyer_shared.envelope import Envelope
from foyer_testing.fixtures import service_fixtures

MIGRATIONS = Path(__file__).resolve().parents[1] / "crm" / "migrations"

settings, app, db, client, as_staff = service_fixtures(
    "crm", create_app, Settings, Base, MIGRATIONS
)


def _person_created(person_id: str | None = None, **fields) -> Envelope:
    facts = {
        "first_name": "Åsa",
        "last_name": "Lindström",
        "email": "asa@example.se",
        "phone": "+46701234567",
        **fields,
    }
    return contracts.envelope(
        "registry.person.created", person_id=person_id or new_id(), kind="person", fields=facts
    )


def _person_updated(person_id: str, **changed) -> Envelope:
    return contracts.envelope(
        "registry.person.updated", person_id=person_id, kind="person", changed=changed
    )


def _person_merged(kept_id: str, removed_id: str) -> Envelope:
    return contracts.envelope("registry.person.merged", kept_id=kept_id, removed_id=removed_id)


def _person_deleted(person_id: str) -> Envelope:
    return contracts.envelope("registry.person.deleted", person_id=person_id)


ALL = (
    "crm.contacts.read",
    "crm.contacts.write",
    "crm.tasks.read",
    "crm.tasks.write",
    "crm.settings.write",
    "crm.mailouts.send",
    "registry.persons.write",
    "registry.persons.all",
)


class Caller:
    """`call("POST", "/tags", json=...)` with every CRM permission unless `permissions` say."""

    def __init__(self, client, as_staff, user_id: str = "test-user", permissions=ALL):
        self.client, self.as_staff = client, as_staff
        self.user_id, self.permissions = user_id, tuple(permissions)

    def __call__(self, method: str, path: str, *permissions: str, **kwargs):
        headers = self.as_staff(
            method, path, *(permissions or self.permissions), user_id=self.user_id
        )
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def ok(self, method: str, path: str, expect: int = 200, **kwargs):
        response = self(method, path, **kwargs)
        assert response.status_code == expect, response.json
        return response.json


@pytest.fixture()
def events():
    """Builders of registry events from the registry's committed contracts (contracts/)."""
    return SimpleNamespace(
        person_created=_person_created,
        person_updated=_person_updated,
        person_merged=_person_merged,
        person_deleted=_person_deleted,
    )


@pytest.fixture()
def call(client, as_staff):
    """The API as a staff member holding every CRM permission (tests/api/helpers.py)."""
    return Caller(client, as_staff)


@pytest.fixture()
def add_staff(db):
    """add_staff(user_id, *roles, person_id=None): a staff member as identity's events tell."""
    from crm.models import StaffMember

    def add(user_id: str | None = None, *roles: str, person_id: str | None = None) -> str:
        user_id = user_id or new_id()
        with db.transaction() as session:
            session.add(
                StaffMember(
                    user_id=user_id,
                    person_id=person_id,
                    username=user_id[:8],
                    roles=list(roles or ("manager",)),
                    active=True,
                )
            )
        return user_id

    return add


@pytest.fixture()
def call_as(client, as_staff):
    """call_as(user_id, *permissions): the API as another staff member."""

    def make(user_id: str, *permissions: str) -> Caller:
        return Caller(client, as_staff, user_id=user_id, permissions=permissions or ALL)

    return make
