"""docker-compose.yml: valid against the compose-spec JSON schema (no engine needed), and the
suite's rules: every process, a database of its own per service, health checks that the
`depends_on` conditions can wait for."""

from __future__ import annotations

import copy
import json
import re
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "infra"))
import devstack  # noqa: E402


def compose_schema() -> dict:
    """The compose-spec schema vendored by check-jsonschema (requirements-dev.txt pins the
    version, so the schema changes only when someone raises it)."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((vendor / "compose-spec.json").read_text())


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _errors(document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(compose_schema())
    return [f"{list(e.path)}: {e.message[:200]}" for e in validator.iter_errors(document)]


def test_the_compose_file_validates(compose):
    assert not _errors(compose)


def test_a_broken_compose_file_is_refused(compose):
    broken = copy.deepcopy(compose)
    broken["services"]["gateway"]["helthcheck"] = broken["services"]["gateway"]["healthcheck"]
    assert _errors(broken)
    broken = copy.deepcopy(compose)
    broken["services"]["crm-web"]["depends_on"]["crm-db"]["condition"] = "service_ready"
    assert _errors(broken)


def test_every_process_of_the_suite_is_a_compose_service(compose):
    stack = devstack.Stack(var=Path("/nonexistent"), common_env={"DATABASE_URL": "postgresql://x"})
    for service in devstack.SERVICES:
        for role in ["web", *stack.deployed_roles(service)]:
            spec = compose["services"][f"{service}-{role}"]
            if role != "web":
                assert spec["command"] == ["python", "-m", service, role]
    assert "gateway" in compose["services"] and "smtp" in compose["services"]


def test_each_service_has_its_own_database(compose):
    services = compose["services"]
    for name, spec in services.items():
        url = spec.get("environment", {}).get("DATABASE_URL")
        if not url:
            continue
        service = name.rsplit("-", 1)[0].removesuffix("-import")
        host = re.search(r"@([^:/]+)", url).group(1)
        assert host == f"{service}-db", name
        assert url.endswith(f"/foyer_{service}"), name
        assert services[host]["environment"]["POSTGRES_DB"] == f"foyer_{service}"
    databases = [name for name in services if name.endswith("-db")]
    assert sorted(databases) == sorted(f"{s}-db" for s in devstack.SERVICES)
    volumes = [services[db]["volumes"][0].split(":")[0] for db in databases]
    assert len(set(volumes)) == len(volumes), "one data volume per database"


def test_depends_on_waits_only_for_what_can_report_it(compose):
    services = compose["services"]
    for name, spec in services.items():
        for target, condition in spec.get("depends_on", {}).items():
            assert target in services, (name, target)
            if condition["condition"] == "service_healthy":
                health = services[target].get("healthcheck", {})
                assert health.get("test") and not health.get("disable"), (name, target)
    for service in devstack.SERVICES:
        web = services[f"{service}-web"]["depends_on"]
        assert web[f"{service}-db"] == {"condition": "service_healthy"}
        assert web["rabbitmq"] == {"condition": "service_healthy"}
    assert set(services["gateway"]["depends_on"]) >= {f"{s}-web" for s in devstack.SERVICES}
    assert "smtp" in services["notify-worker"]["depends_on"]


def test_images_are_built_from_the_checked_dockerfiles_or_pinned(compose):
    for name, spec in compose["services"].items():
        if "build" in spec:
            assert (ROOT / spec["build"]["dockerfile"]).exists(), name
        else:
            image = spec["image"]
            assert ":" in image and not image.endswith(":latest"), name


def _mounted_by(services: dict, volume: str) -> set[str]:
    return {
        name
        for name, spec in services.items()
        for mount in spec.get("volumes", [])
        if mount.split(":")[0] == volume
    }


def test_the_console_is_served_by_the_gateway(compose):
    services = compose["services"]
    console = services["console-web"]
    assert console["networks"] == ["internal"] and "ports" not in console
    assert console["environment"]["FOYER_GATEWAY_URL"] == "http://gateway:8080"
    gateway = services["gateway"]
    assert gateway["environment"]["FOYER_UPSTREAM_CONSOLE"] == "http://console-web:8086"
    assert gateway["depends_on"]["console-web"] == {"condition": "service_healthy"}


def test_each_key_is_mounted_only_where_it_is_read(compose):
    services = compose["services"]
    registry = {name for name in services if name.startswith("registry-") and name != "registry-db"}
    assert _mounted_by(services, "journal-keys") == registry | {"keys"}
    assert _mounted_by(services, "console-keys") == {"console-web", "keys"}
    for name in registry:
        env = services[name]["environment"]
        assert env["FOYER_JOURNAL_KEYS_FILE"].startswith("/run/foyer-journal/")
        documents = env["FOYER_DOCUMENTS_DIR"]
        assert f"documents:{documents}" in services[name]["volumes"], name
