"""The alert rules and the example dashboard read metrics that exist, and every alert is
explained in docs/operations.md."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import ROOT  # noqa: E402

MONITORING = ROOT / "infra/monitoring"
METRIC = re.compile(r"\b((?:foyer|rabbitmq|kube|container)_[a-z_]+)\b")
# Exporters the rules rely on besides Foyer's own (docs/operations.md → Metrics).
EXTERNAL = {
    "rabbitmq_queue_messages_ready",
    "rabbitmq_queue_messages_unacked",
    "rabbitmq_queue_consumers",
    "kube_pod_container_status_restarts_total",
    "kube_pod_init_container_status_running",
    "container_cpu_usage_seconds_total",
    "container_memory_working_set_bytes",
}


def foyer_metrics() -> set[str]:
    """The names the gateway and foyer_shared (every service) register with prometheus_client."""
    found = set()
    for path in [*ROOT.glob("gateway/gateway/*.py"), *ROOT.glob("shared/foyer_shared/**/*.py")]:
        found |= set(re.findall(r'"(foyer_[a-z_]+)"', path.read_text()))
    histograms = {f"{name}_bucket" for name in found}
    return found | histograms


def _rules() -> list[dict]:
    document = yaml.safe_load((MONITORING / "alerts.yaml").read_text())
    return [rule for group in document["groups"] for rule in group["rules"]]


def test_alerts_read_metrics_that_exist():
    known = foyer_metrics() | EXTERNAL
    for rule in _rules():
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}
        assert rule["labels"]["severity"] in ("page", "ticket")
        assert set(METRIC.findall(rule["expr"])) <= known, rule["alert"]


def test_every_alert_is_explained_in_operations():
    operations = (ROOT / "docs/operations.md").read_text()
    for rule in _rules():
        assert f"`{rule['alert']}`" in operations, rule["alert"]


def test_the_dashboard_reads_metrics_that_exist():
    dashboard = json.loads((MONITORING / "grafana-foyer.json").read_text())
    known = foyer_metrics() | EXTERNAL
    assert dashboard["panels"]
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            assert set(METRIC.findall(target["expr"])) <= known, panel["title"]
