"""Helpers the imports tests import (conftest.py cannot be imported with importlib mode)."""

from __future__ import annotations

WRITE = "imports.jobs.write"


def map_as_suggested(client, as_staff, uploaded: dict) -> str:
    """PUT the upload's suggested columns as the job's mapping (defaults for the rest); the
    job's id."""
    job_id = uploaded["job"]["id"]
    columns = {c: f for c, f in uploaded["suggested_mapping"].items() if f}
    route = f"/jobs/{job_id}/mapping"
    client.put(route, json={"columns": columns}, headers=as_staff("PUT", route, WRITE))
    return job_id
