"""A fresh identity on PostgreSQL per test run; tables emptied between tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from foyer_shared import testing
from foyer_shared.migrations import upgrade
from identity import create_app
from identity.models import Base
from identity.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "identity" / "migrations"
OWNER_PASSWORD = "owner-passphrase-42"


@pytest.fixture(scope="session")
def settings(pg_database, amqp_url, context_keys):
    url = pg_database("identity")
    upgrade(MIGRATIONS, url)
    return Settings(
        database_url=url, amqp_url=amqp_url, context_public_key_file=str(context_keys[1]),
        owner_password=OWNER_PASSWORD,
    )


@pytest.fixture(scope="session")
def app(settings):
    return create_app(settings)


@pytest.fixture()
def db(app):
    database = app.extensions["foyer_db"]
    yield database
    testing.truncate_all(database, Base.metadata)


@pytest.fixture()
def client(app, db):
    return app.test_client()


@pytest.fixture()
def signed(context_keys):
    """Headers as the gateway sends them: signed(method, path, *permissions, **extra)."""

    def headers(method: str, path: str, *permissions: str, **extra) -> dict[str, str]:
        return testing.context_headers(
            context_keys[0], service="identity", method=method, path=path,
            permissions=permissions, **extra,
        )

    return headers
