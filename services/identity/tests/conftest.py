"""A fresh identity on PostgreSQL per test run; tables emptied between tests."""

from pathlib import Path

from foyer_shared.testing_fixtures import service_fixtures
from identity import create_app
from identity.models import Base
from identity.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "identity" / "migrations"
OWNER_PASSWORD = "owner-passphrase-42"

settings, app, db, client, as_staff = service_fixtures(
    "identity", create_app, Settings, Base, MIGRATIONS, owner_password=OWNER_PASSWORD
)
