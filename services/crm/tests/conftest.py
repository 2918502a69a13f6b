"""A fresh CRM on PostgreSQL per test run; tables emptied between tests."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from crm import create_app
from crm.models import Base
from crm.settings import Settings
from foyer_shared import testing
from foyer_shared.db import Database, new_id
from foyer_shared.envelope import Envelope
from foyer_shared.migrations import upgrade

MIGRATIONS = Path(__file__).resolve().parents[1] / "crm" / "migrations"


@pytest.fixture(scope="session")
def settings(pg_database, amqp_url, context_keys):
    url = pg_database("crm")
    upgrade(MIGRATIONS, url)
    return Settings(
        database_url=url, amqp_url=amqp_url, context_public_key_file=str(context_keys[1])
    )


@pytest.fixture(scope="session")
def app(settings):
    return create_app(settings)


@pytest.fixture()
def client(app):
    yield app.test_client()
    testing.truncate_all(app.extensions["foyer_db"], Base.metadata)


@pytest.fixture()
def db(settings):
    """A database of the test's own, as the worker would hold one; emptied afterwards."""
    database = Database(settings.database_url)
    yield database
    testing.truncate_all(database, Base.metadata)
    database.dispose()


@pytest.fixture()
def as_staff(context_keys):
    """Headers for a request made through the gateway by a caller with these permissions."""

    def headers(method: str, path: str, *permissions: str, **extra) -> dict[str, str]:
        return testing.context_headers(
            context_keys[0], service="crm", method=method, path=path,
            permissions=permissions, **extra,
        )

    return headers



def _person_created(person_id: str | None = None, **fields) -> Envelope:
    facts = {
        "first_name": "Åsa", "last_name": "Lindström", "email": "asa@example.se",
        "phone": "+46701234567", "personnummer": "19800101-1234", **fields,
    }
    return Envelope(
        type="registry.person.created",
        source="registry",
        data={"person_id": person_id or new_id(), "kind": "person", "fields": facts},
    )


def _person_updated(person_id: str, **changed) -> Envelope:
    return Envelope(
        type="registry.person.updated",
        source="registry",
        data={"person_id": person_id, "kind": "person", "changed": changed},
    )


@pytest.fixture()
def events():
    """Builders of registry events as the registry publishes them (docs/events.md)."""
    return SimpleNamespace(person_created=_person_created, person_updated=_person_updated)
