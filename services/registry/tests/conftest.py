"""A fresh registry service on PostgreSQL per test run; tables emptied between tests."""

from pathlib import Path

from foyer_shared.testing_fixtures import service_fixtures
from registry import create_app
from registry.models import Base
from registry.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "registry" / "migrations"

settings, app, db, client, as_staff = service_fixtures(
    "registry", create_app, Settings, Base, MIGRATIONS
)
