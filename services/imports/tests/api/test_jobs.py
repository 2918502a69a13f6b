"""Jobs and the ops endpoints through the Flask client on PostgreSQL and RabbitMQ."""

from __future__ import annotations

from foyer_testing.service_api import OpsAndListChecks
from imports.models import Job

READ = "imports.jobs.read"


class TestJobsOpsAndAccess(OpsAndListChecks):
    """/health, /ready, and /jobs's 401, 403, paging and OpenAPI (foyer_testing.service_api)."""

    path = "/jobs"
    read = READ
    shown = {"filename": "medlemmar-2019.csv", "state": "uploaded"}

    def make_row(self):
        return Job(kind="persons", filename="medlemmar-2019.csv")


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
