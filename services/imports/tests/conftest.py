"""A fresh imports service on PostgreSQL per test run; tables emptied between tests."""

from pathlib import Path

from foyer_shared.testing_fixtures import service_fixtures
from imports import create_app
from imports.models import Base
from imports.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "imports" / "migrations"

settings, app, db, client, as_staff = service_fixtures(
    "imports", create_app, Settings, Base, MIGRATIONS
)
