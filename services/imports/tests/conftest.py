"""A fresh imports service on PostgreSQL per test run; tables emptied between tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from foyer_shared import testing
from foyer_shared.migrations import upgrade
from imports import create_app
from imports.models import Base
from imports.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "imports" / "migrations"


@pytest.fixture(scope="session")
def settings(pg_database, amqp_url, context_keys):
    url = pg_database("imports")
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
def as_staff(context_keys):
    """Headers for a request made through the gateway by a caller with these permissions."""

    def headers(method: str, path: str, *permissions: str, **extra) -> dict[str, str]:
        return testing.context_headers(
            context_keys[0], service="imports", method=method, path=path,
            permissions=permissions, **extra,
        )

    return headers
