"""The optional KEDA component: import workers scaled on the depth of registry.commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import kubernetes_validate

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import K8S, named, of_kind, render_path  # noqa: E402

CRD_KINDS = ("ScaledObject", "TriggerAuthentication")


def _with_component(tmp_path: Path, overlay: str) -> list[dict]:
    """An overlay of the overlay, as a team adds the component (kustomize wants relative paths)."""
    base = os.path.relpath(K8S / "overlays" / overlay, tmp_path)
    component = os.path.relpath(K8S / "components/keda-import-workers", tmp_path)
    (tmp_path / "kustomization.yaml").write_text(
        f"resources: [{base}]\ncomponents: [{component}]\n"
    )
    return render_path(tmp_path)


def test_keda_replaces_the_cpu_autoscaler_of_the_import_workers(tmp_path):
    documents = _with_component(tmp_path, "prod")
    scaled = named(documents, "ScaledObject", "registry-import-worker")
    assert named(documents, "Deployment", scaled["spec"]["scaleTargetRef"]["name"])
    trigger = scaled["spec"]["triggers"][0]
    assert trigger["type"] == "rabbitmq"
    assert trigger["metadata"]["queueName"] == "registry.commands"
    auth = named(documents, "TriggerAuthentication", trigger["authenticationRef"]["name"])
    assert auth["spec"]["secretTargetRef"] == [
        {"parameter": "host", "name": "foyer-amqp", "key": "url"}
    ]
    autoscaled = {h["metadata"]["name"] for h in of_kind(documents, "HorizontalPodAutoscaler")}
    assert "registry-import-worker" not in autoscaled and "registry-web" in autoscaled


def test_the_rest_still_validates_with_the_component(tmp_path):
    for document in _with_component(tmp_path, "dev"):
        if document["kind"] not in CRD_KINDS:  # KEDA's own kinds: no schema offline
            kubernetes_validate.validate(document, "1.31.0", strict=True)


def test_the_queue_named_is_the_registry_commands_queue():
    worker = (K8S.parents[1] / "services/registry/registry/worker.py").read_text()
    assert 'COMMANDS_QUEUE = "registry.commands"' in worker
