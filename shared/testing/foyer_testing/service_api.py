"""The ops endpoints and a list endpoint's access, tested alike in every service that has them.

A service's test module subclasses `OpsAndListChecks`, names its list endpoint, the permission
that reads it and one row to show, and pytest collects the inherited tests there (the class
name here does not start with `Test`, so it is not collected on its own). The module's conftest
gives the `app`, `client` and `as_staff` fixtures.
"""

from __future__ import annotations

import json


class OpsAndListChecks:
    path: str  # the list endpoint, e.g. "/jobs"
    read: str  # the permission that reads it
    shown: dict  # what the one row from make_row shows in the list

    def make_row(self):
        """One model instance that the list then shows (with `shown`'s values)."""
        raise NotImplementedError

    def test_health_is_public(self, client):
        response = client.get("/health")
        assert (response.status_code, response.json) == (200, {"status": "ok"})

    def test_ready_checks_database_and_broker(self, client):
        response = client.get("/ready")
        assert response.status_code == 200, response.json
        assert response.json["checks"] == {"database": "ok", "broker": "ok"}

    def test_list_without_context_is_401(self, client):
        response = client.get(self.path)
        assert response.status_code == 401
        assert "gateway" in response.json["message"]

    def test_list_without_permission_is_403(self, client, as_staff):
        response = client.get(self.path, headers=as_staff("GET", self.path, "crm.contacts.read"))
        assert response.status_code == 403
        assert self.read in response.json["message"]

    def test_list_with_context_is_200_and_empty_at_first(self, client, as_staff):
        response = client.get(self.path, headers=as_staff("GET", self.path, self.read))
        assert (response.status_code, response.json) == (200, [])

    def test_list_shows_rows_with_total(self, app, client, as_staff):
        with app.extensions["foyer_db"].transaction() as session:
            session.add(self.make_row())
        response = client.get(self.path, headers=as_staff("GET", self.path, self.read))
        assert response.status_code == 200
        [shown] = response.json
        assert {key: shown[key] for key in self.shown} == self.shown
        assert json.loads(response.headers["X-Pagination"])["total"] == 1

    def test_openapi_declares_permissions(self, client):
        spec = client.get("/openapi.json").json
        assert spec["paths"][self.path]["get"]["x-permission"] == self.read
        assert spec["paths"]["/ready"]["get"]["x-permission"] == "public"
