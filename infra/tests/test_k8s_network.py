"""NetworkPolicies: only the gateway reaches the services, each service only its own database,
every Foyer process the broker; nothing else (docs/deployment.md → Network)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "k8s/tools"))

from backing import EXTERNAL_DATABASES  # noqa: E402
from k8s_support import of_kind, render  # noqa: E402
from netpol import Address, Pod, can_connect, pods  # noqa: E402

SERVICES = ("identity", "registry", "crm", "imports", "notify")
PORTS = {"identity": 8081, "registry": 8082, "crm": 8083, "imports": 8084, "notify": 8085}
MONITORING_NS = {"foyer.io/monitoring": "true"}
OUTSIDER = Pod("outsider", {"app": "other"}, "elsewhere", {"team": "other"}, {})


def _by_name(documents) -> dict[str, Pod]:
    return {pod.name: pod for pod in pods(documents)}


def _service_pods(found: dict[str, Pod], service: str) -> list[Pod]:
    return [p for p in found.values() if p.labels.get("app.kubernetes.io/name") == service]


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_only_the_gateway_reaches_the_services(overlay):
    documents = render(overlay)
    found = _by_name(documents)
    gateway = found["gateway"]
    assert can_connect(documents, OUTSIDER, gateway, 8080), "the public port is open"
    assert not can_connect(documents, OUTSIDER, gateway, 8090), "the internal port is not"
    for service in SERVICES:
        web = found[f"{service}-web"]
        assert can_connect(documents, gateway, web, PORTS[service])
        assert not can_connect(documents, OUTSIDER, web, PORTS[service])
        for other in found.values():
            if other.name in ("gateway", web.name):
                continue
            # identity's web reads every service's /openapi.json (docs/internal-http.md).
            expected = other.name == "identity-web"
            assert can_connect(documents, other, web, PORTS[service]) is expected, other.name


def test_each_service_reaches_only_its_own_database_in_dev():
    documents = render("dev")
    found = _by_name(documents)
    for owner in SERVICES:
        database = found[f"{owner}-db"]
        for source in found.values():
            expected = source.labels.get("app.kubernetes.io/name") == owner
            assert can_connect(documents, source, database, 5432) is expected, (source, owner)


def test_each_service_reaches_only_its_own_external_database_in_prod():
    documents = render("prod")
    found = _by_name(documents)
    for owner, cidr in EXTERNAL_DATABASES.items():
        address = Address(cidr.split("/")[0])
        for source in found.values():
            expected = source.labels.get("app.kubernetes.io/name") == owner
            assert can_connect(documents, source, address, 5432) is expected, (source, owner)
        assert not can_connect(documents, found["gateway"], address, 5432)


def test_every_foyer_process_reaches_the_broker_and_nothing_else_does():
    documents = render("dev")
    found = _by_name(documents)
    broker = found["rabbitmq"]
    for pod in found.values():
        foyer_process = "app.kubernetes.io/component" in pod.labels
        expected = foyer_process and pod.name != "console-web"  # pages only, no messages
        assert can_connect(documents, pod, broker, 5672) is expected, pod.name
    assert not can_connect(documents, OUTSIDER, broker, 5672)


def test_prod_processes_reach_the_rabbitmq_cluster():
    documents = render("prod")
    cluster = Pod(
        "rabbitmq-server-0",
        {"app.kubernetes.io/part-of": "rabbitmq"},
        "rabbitmq-system",
        {"kubernetes.io/metadata.name": "rabbitmq-system"},
        {},
    )
    for pod in _by_name(documents).values():
        assert can_connect(documents, pod, cluster, 5671), pod.name


def test_only_notify_sends_mail():
    documents = render("dev")
    found = _by_name(documents)
    for pod in found.values():
        expected = pod.labels.get("app.kubernetes.io/name") == "notify"
        assert can_connect(documents, pod, Address("198.51.100.25"), 587) is expected, pod.name
        assert can_connect(documents, pod, found["smtp"], 1025) is expected, pod.name


def test_workers_reach_no_service_over_http():
    documents = render("prod")
    found = _by_name(documents)
    for pod in found.values():
        if pod.labels.get("app.kubernetes.io/component") == "web":
            continue
        for service in SERVICES:
            assert not can_connect(documents, pod, found[f"{service}-web"], PORTS[service])


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_the_console_is_reached_through_the_gateway_and_reaches_only_the_gateway(overlay):
    documents = render(overlay)
    found = _by_name(documents)
    console, gateway = found["console-web"], found["gateway"]
    assert can_connect(documents, gateway, console, 8086)
    assert not can_connect(documents, OUTSIDER, console, 8086)
    assert not can_connect(documents, found["registry-web"], console, 8086)
    assert can_connect(documents, console, gateway, 8080)
    for service in SERVICES:
        assert not can_connect(documents, console, found[f"{service}-web"], PORTS[service])
    for cidr in EXTERNAL_DATABASES.values():
        assert not can_connect(documents, console, Address(cidr.split("/")[0]), 5432)


def test_only_the_mail_relay_reaches_notify_inbound_smtp():
    documents = render("prod")
    found = _by_name(documents)
    inbound = found["notify-inbound"]
    relay = Pod("mx-0", {"app": "postfix"}, "mail", {"foyer.io/mail-relay": "true"}, {})
    assert can_connect(documents, relay, inbound, 2525)
    assert not can_connect(documents, OUTSIDER, inbound, 2525)
    assert not can_connect(documents, found["gateway"], inbound, 2525)
    services = [
        s for s in of_kind(documents, "Service") if s["metadata"]["name"] == "notify-inbound"
    ]
    assert services and services[0]["spec"]["ports"][0]["port"] == 2525


def test_prometheus_reads_every_service_process_and_nobody_else_does():
    documents = render("prod")
    found = _by_name(documents)
    prometheus = Pod("prometheus-0", {"app": "prometheus"}, "monitoring", MONITORING_NS, {})
    assert can_connect(documents, prometheus, found["registry-worker"], 9100)
    assert can_connect(documents, prometheus, found["imports-sender"], 9100)
    assert can_connect(documents, prometheus, found["crm-web"], 8083)
    assert not can_connect(documents, OUTSIDER, found["registry-worker"], 9100)
    assert not can_connect(documents, found["gateway"], found["registry-worker"], 9100)
    assert not can_connect(documents, prometheus, found["console-web"], 8086)


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_only_the_registrys_web_pods_reach_public_registers(overlay):
    """Look-ups in SPAR's gateway and ARES (docs/registry.md → Look-ups): HTTPS to public
    addresses from the registry's web pods; no private address, no other pod."""
    documents = render(overlay)
    ares = Address("193.86.28.22")
    for pod in _by_name(documents).values():
        expected = pod.name == "registry-web"
        assert can_connect(documents, pod, ares, 443) is expected, pod.name
        assert not can_connect(documents, pod, Address("10.1.2.3"), 443), pod.name
        if expected:
            assert not can_connect(documents, pod, ares, 80)
