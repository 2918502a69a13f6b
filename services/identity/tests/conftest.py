"""A fresh identity on PostgreSQL per test run; tables emptied between tests."""

import sys
from pathlib import Path

import pytest

from foyer_testing.fixtures import service_fixtures
from identity import create_app
from identity.models import Base
from identity.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "identity" / "migrations"
# Test modules import helpers from identity_testing.py (pytest runs with --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parent))
OWNER_PASSWORD = "owner-passphrase-42"

settings, app, db, client, as_staff = service_fixtures(
    "identity", create_app, Settings, Base, MIGRATIONS, owner_password=OWNER_PASSWORD
)


class Api:
    """Calls as the gateway would make them, and what identity wrote to its outbox."""

    def __init__(self, client, as_staff, db):
        self.client, self.as_staff, self.db = client, as_staff, db

    def call(self, method, path, *permissions, json=None, user_id="test-user", **headers):
        signed = self.as_staff(method, path.split("?")[0], *permissions, user_id=user_id)
        return self.client.open(path, method=method, json=json, headers={**signed, **headers})

    def access(self, user_id, session_id=None):
        path = f"/internal/users/{user_id}/access"
        query = f"?session_id={session_id}" if session_id else ""
        headers = self.as_staff("GET", path, caller_service="gateway", user_id=None)
        return self.client.get(path + query, headers=headers).json

    def events(self, type_=None) -> list[dict]:
        import json as jsonlib

        from sqlalchemy import select

        from identity.models import messaging

        table = messaging.outbox
        with self.db.read_only() as session:
            bodies = session.execute(select(table.c.body).order_by(table.c.created_at)).scalars()
            found = [jsonlib.loads(body) for body in bodies]
        return [e for e in found if type_ is None or e["type"] == type_]

    def audit(self, kind=None) -> list:
        from sqlalchemy import select

        from identity.models import AuditEntry

        with self.db.read_only() as session:
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.occurred_at)).all()
        return [e for e in entries if kind is None or e.kind == kind]


@pytest.fixture()
def api(client, as_staff, db):
    return Api(client, as_staff, db)


@pytest.fixture()
def owner(db, settings):
    from identity.use_cases.accounts import bootstrap_owner

    return bootstrap_owner(db, settings)
