"""A fresh registry service on PostgreSQL per test run; tables emptied between tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from foyer_testing.fixtures import service_fixtures
from registry import create_app
from registry.models import Base, messaging
from registry.permissions import ROLE_PERMISSIONS
from registry.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[1] / "registry" / "migrations"
# Test modules import helpers from registry_testing.py (pytest runs with --import-mode=importlib).
sys.path.insert(0, str(Path(__file__).resolve().parent))

settings, app, db, client, as_staff = service_fixtures(
    "registry", create_app, Settings, Base, MIGRATIONS, export_timeout_seconds=1.0
)


class Api:
    """The registry through the Flask client, as a caller with a role (or explicit permissions)."""

    def __init__(
        self, client, as_staff, role="owner", permissions=None, user_id="u-staff", scopes=None
    ):
        self.client, self.as_staff = client, as_staff
        self.permissions = permissions if permissions is not None else ROLE_PERMISSIONS[role]
        self.user_id, self.scopes = user_id, scopes or {}

    def as_(self, role=None, permissions=None, user_id="u-other", scopes=None) -> Api:
        return Api(self.client, self.as_staff, role or "owner", permissions, user_id, scopes)

    def call(self, method: str, path: str, body=None, headers=None):
        context = self.as_staff(
            method, path, *self.permissions, user_id=self.user_id, scopes=self.scopes
        )
        return self.client.open(
            path, method=method, json=body, headers={**context, **(headers or {})}
        )

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body, **kw)

    def delete(self, path, body=None, **kw):
        return self.call("DELETE", path, body, **kw)

    def person(self, **fields) -> dict:
        body = {"first_name": "Åsa", "last_name": "Lindström", **fields}
        response = self.post("/persons", body)
        assert response.status_code == 201, response.json
        return response.json


@pytest.fixture()
def api(client, as_staff) -> Api:
    return Api(client, as_staff)


@pytest.fixture()
def outbox(db):
    """outbox(type) -> data of each message of that type written so far, oldest first."""

    def read(routing_key: str | None = None) -> list[dict]:
        with db.read_only() as session:
            rows = session.execute(
                select(messaging.outbox).order_by(messaging.outbox.c.created_at)
            ).all()
        return [
            json.loads(r.body)["data"]
            for r in rows
            if routing_key is None or r.routing_key == routing_key
        ]

    return read
