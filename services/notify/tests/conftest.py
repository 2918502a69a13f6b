"""A fresh notify service on PostgreSQL per test run; tables emptied between tests."""

from pathlib import Path

from foyer_testing.fixtures import service_fixtures
from notify import create_app
from notify.models import Base
from notify.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "notify" / "migrations"

settings, app, db, client, as_staff = service_fixtures(
    "notify", create_app, Settings, Base, MIGRATIONS
)
