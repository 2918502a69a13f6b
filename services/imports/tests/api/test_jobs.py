"""Jobs and the ops endpoints through the Flask client on PostgreSQL and RabbitMQ."""

from __future__ import annotations

import json

from imports.models import Job

READ = "imports.jobs.read"


def test_health_is_public(client):
    response = client.get("/health")
    assert (response.status_code, response.json) == (200, {"status": "ok"})


def test_ready_checks_database_and_broker(client):
    response = client.get("/ready")
    assert response.status_code == 200, response.json
    assert response.json["checks"] == {"database": "ok", "broker": "ok"}


def test_list_without_context_is_401(client):
    response = client.get("/jobs")
    assert response.status_code == 401
    assert "gateway" in response.json["message"]


def test_list_without_permission_is_403(client, as_staff):
    response = client.get("/jobs", headers=as_staff("GET", "/jobs", "crm.contacts.read"))
    assert response.status_code == 403
    assert READ in response.json["message"]


def test_list_with_context_is_200_and_empty_at_first(client, as_staff):
    response = client.get("/jobs", headers=as_staff("GET", "/jobs", READ))
    assert (response.status_code, response.json) == (200, [])


def test_list_shows_rows_with_total(app, client, as_staff):
    with app.extensions["foyer_db"].transaction() as session:
        session.add(Job(kind="persons", filename="medlemmar-2019.csv"))
    response = client.get("/jobs", headers=as_staff("GET", "/jobs", READ))
    assert response.status_code == 200
    [shown] = response.json
    assert shown["filename"] == "medlemmar-2019.csv"
    assert shown["state"] == "uploaded"
    assert json.loads(response.headers["X-Pagination"])["total"] == 1


def test_openapi_declares_permissions(client):
    spec = client.get("/openapi.json").json
    assert spec["paths"]["/jobs"]["get"]["x-permission"] == READ
    assert spec["paths"]["/ready"]["get"]["x-permission"] == "public"


def test_every_operation_declares_a_permission_and_a_summary(client):
    spec = client.get("/openapi.json").json
    operations = {
        (path, method): op
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "delete")
    }
    assert ("/jobs", "post") in operations and ("/jobs/{job_id}/undo", "post") in operations
    for key, operation in operations.items():
        assert operation.get("x-permission"), key
        assert operation.get("summary"), key
    assert operations[("/jobs", "post")]["x-permission"] == "imports.jobs.write"
    assert operations[("/jobs/{job_id}/run", "post")]["x-permission"] == "imports.jobs.run"
    assert operations[("/jobs/{job_id}/errors.csv", "get")]["x-permission"] == READ
