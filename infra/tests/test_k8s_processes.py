"""The cluster runs the processes `make up` runs (infra/devstack.py), each migrating first."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import ROOT, containers, of_kind, pod_spec, render  # noqa: E402

sys.path.insert(0, str(ROOT / "infra"))
import devstack  # noqa: E402


def _devstack_processes() -> set[str]:
    stack = devstack.Stack(
        var=Path("/nonexistent"),
        common_env={"DATABASE_URL": "postgresql://postgres@127.0.0.1/foyer"},  # as deployed
    )
    found = {"gateway", "console-web"}
    for service in devstack.SERVICES:
        found.add(f"{service}-web")
        found.update(f"{service}-{role}" for role in stack.deployed_roles(service))
    return found


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_process_of_the_suite_has_a_deployment(overlay):
    deployments = {
        d["metadata"]["name"]
        for d in of_kind(render(overlay), "Deployment")
        if "app.kubernetes.io/component" in d["metadata"]["labels"]
    }
    assert deployments == _devstack_processes()


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_every_pod_of_a_service_migrates_its_own_database_first(overlay):
    for deployment in of_kind(render(overlay), "Deployment"):
        labels = deployment["metadata"]["labels"]
        service = labels.get("app.kubernetes.io/name")
        if service not in devstack.SERVICES:
            continue
        init = pod_spec(deployment).get("initContainers", [])
        assert [c["command"] for c in init] == [["python", "-m", service, "migrate"]]
        for container in containers(deployment):
            database = next(e for e in container["env"] if e["name"] == "DATABASE_URL")
            ref = database["valueFrom"]["secretKeyRef"]
            assert ref == {"name": f"foyer-db-{service}", "key": "url"}


def test_processes_run_the_commands_the_images_provide():
    for deployment in of_kind(render("prod"), "Deployment"):
        labels = deployment["metadata"]["labels"]
        role, service = labels.get("app.kubernetes.io/component"), labels["app.kubernetes.io/name"]
        if role is None:
            continue
        command = pod_spec(deployment)["containers"][0]["command"]
        if role == "web":
            assert command[0] == "gunicorn" and command[-1] == f"{service}:create_app()"
        else:
            assert command == ["python", "-m", service, role]
            main = (ROOT / f"services/{service}/{service}/__main__.py").read_text()
            assert role == "worker" or f'"{role}"' in main, f"python -m {service} {role}"
