"""Every rendered manifest of every overlay: valid against the Kubernetes API (strict), and the
suite's rules: probes, requests and limits, non-root, pinned images, no secret in the repo."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))

from k8s_support import (  # noqa: E402
    K8S,
    OVERLAYS,
    ROOT,
    WORKLOADS,
    containers,
    is_foyer_image,
    of_kind,
    pod_spec,
    render,
    selects,
)

# The oldest and the newest Kubernetes the manifests are meant for (docs/deployment.md).
KUBERNETES_VERSIONS = ("1.31.0", "1.37.0")


def test_generated_manifests_are_current():
    result = subprocess.run(
        [sys.executable, str(K8S / "tools/generate.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_manifest_validates_strictly(overlay, version):
    failures = []
    for document in render(overlay):
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            failures.append(f"{document['kind']}/{document['metadata']['name']}: {exc.message}")
    assert not failures, "\n".join(failures)


def test_a_misspelt_field_is_refused():
    deployment = next(d for d in render("dev") if d["kind"] == "Deployment")
    broken = yaml.safe_load(yaml.safe_dump(deployment))
    pod_spec(broken)["containers"][0]["readinessProbes"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_has_requests_and_limits(overlay):
    for workload in of_kind(render(overlay), *WORKLOADS):
        for container in containers(workload):
            resources = container.get("resources", {})
            for kind in ("requests", "limits"):
                assert set(resources.get(kind, {})) >= {"cpu", "memory"}, (
                    f"{workload['metadata']['name']}/{container['name']} {kind}"
                )


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_nothing_runs_as_root(overlay):
    for workload in of_kind(render(overlay), *WORKLOADS):
        spec = pod_spec(workload)
        pod = spec.get("securityContext", {})
        assert pod.get("runAsNonRoot") is True and pod.get("runAsUser", 0) > 0
        assert pod.get("seccompProfile", {}).get("type") == "RuntimeDefault"
        assert spec.get("automountServiceAccountToken") is False
        for container in containers(workload):
            context = container.get("securityContext", {})
            assert context.get("allowPrivilegeEscalation") is False, container["name"]
            assert context.get("capabilities", {}).get("drop") == ["ALL"], container["name"]
            if is_foyer_image(container["image"]):
                assert context.get("readOnlyRootFilesystem") is True, container["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_images_are_pinned(overlay):
    for workload in of_kind(render(overlay), *WORKLOADS):
        for container in containers(workload):
            image = container["image"]
            name, _, tag = image.rpartition(":")
            assert "@sha256:" in image or (name and tag and tag != "latest"), image
            assert "/" not in tag, image


def _web_probes_answered_by_shared_api() -> set[str]:
    source = (ROOT / "shared/foyer_shared/api.py").read_text()
    return set(re.findall(r'@blp\.route\("(/[a-z]+)"\)', source))


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_web_processes_have_probes_on_existing_endpoints(overlay):
    endpoints = _web_probes_answered_by_shared_api()
    assert {"/health", "/ready"} <= endpoints
    for workload in of_kind(render(overlay), *WORKLOADS):
        for container in pod_spec(workload)["containers"]:
            if not container.get("ports"):
                continue  # workers serve no port: Kubernetes restarts them when they exit
            for probe in ("readinessProbe", "livenessProbe"):
                assert probe in container, f"{workload['metadata']['name']} {probe}"
            if container["image"].rpartition(":")[0].endswith("foyer/gateway"):
                continue  # /api/docs: the gateway's own (its /health asks every upstream)
            if is_foyer_image(container["image"]) and container["name"] == "web":
                assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
                assert container["livenessProbe"]["httpGet"]["path"] == "/health"


SECRET_NAME = re.compile(r"PASSWORD|PASSPHRASE|SECRET|TOKEN|(?<!_FILE)KEY$|_URL$")
CREDENTIALS_IN_URL = re.compile(r"://[^/\s:@]+:[^/\s@]+@")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_is_written_in_the_manifests(overlay):
    documents = render(overlay)
    assert not of_kind(documents, "Secret"), "Secrets are created beside the repo, never in it"
    for document in documents:
        assert not CREDENTIALS_IN_URL.search(yaml.safe_dump(document)), document["metadata"]
    for workload in of_kind(documents, *WORKLOADS):
        for container in containers(workload):
            for variable in container.get("env", []):
                if SECRET_NAME.search(variable["name"]) and "value" in variable:
                    assert variable["name"].startswith("FOYER_UPSTREAM_") or variable["name"] in (
                        "FOYER_PUBLIC_URL",
                        "FOYER_GATEWAY_URL",  # the console's way to the API: an address only
                    ), variable


def _referenced_secrets(documents) -> set[tuple[str, str]]:
    found = set()
    for workload in of_kind(documents, *WORKLOADS):
        for container in containers(workload):
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    found.add((ref["name"], ref["key"]))
        for volume in pod_spec(workload).get("volumes", []):
            if "secret" in volume:
                for item in volume["secret"].get("items", []):
                    found.add((volume["secret"]["secretName"], item["key"]))
    return found


def _made_secrets(*args: str) -> set[tuple[str, str]]:
    script = K8S / "make_secrets.py"
    output = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=True
    ).stdout
    return {
        (secret["metadata"]["name"], key)
        for secret in yaml.safe_load_all(output)
        if secret["kind"] == "Secret"
        for key in secret["stringData"]
    }


def test_make_secrets_output_is_valid_and_names_the_same_namespace():
    script = K8S / "make_secrets.py"
    output = subprocess.run(
        [sys.executable, str(script), "dev"], capture_output=True, text=True, check=True
    ).stdout
    documents = list(yaml.safe_load_all(output))
    namespace = next(d for d in render("dev") if d["kind"] == "Namespace")
    assert documents[0] == namespace
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSIONS[-1], strict=True)


def test_make_secrets_makes_every_secret_the_overlays_reference():
    assert _referenced_secrets(render("dev")) <= _made_secrets("dev")
    urls = [f"--database-url={s}=postgresql://u:p@db/{s}" for s in ("identity", "registry")]
    urls += [f"--database-url={s}=postgresql://u:p@db/{s}" for s in ("crm", "imports", "notify")]
    made = _made_secrets("prod", "--amqp-url=amqps://u:p@mq/foyer", *urls)
    assert _referenced_secrets(render("prod")) <= made


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_deployment_has_a_disruption_budget_and_web_an_autoscaler(overlay):
    documents = render(overlay)
    budgets = of_kind(documents, "PodDisruptionBudget")
    scaled = {
        h["spec"]["scaleTargetRef"]["name"] for h in of_kind(documents, "HorizontalPodAutoscaler")
    }
    for deployment in of_kind(documents, "Deployment"):
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        if labels.get("app.kubernetes.io/part-of") != "foyer" or "smtp" in labels.values():
            continue
        assert any(selects(b["spec"]["selector"], labels) for b in budgets), deployment["metadata"]
        if labels.get("app.kubernetes.io/component") in ("web", "import-worker", "sender"):
            assert deployment["metadata"]["name"] in scaled
    deployments = {d["metadata"]["name"] for d in of_kind(documents, "Deployment")}
    assert scaled <= deployments


def test_services_select_web_pods_and_name_their_ports():
    documents = render("prod")
    for service in of_kind(documents, "Service"):
        matching = [
            w
            for w in of_kind(documents, *WORKLOADS)
            if selects(
                {"matchLabels": service["spec"]["selector"]},
                w["spec"]["template"]["metadata"]["labels"],
            )
        ]
        assert matching, service["metadata"]["name"]
        names = {
            p.get("name")
            for w in matching
            for c in containers(w, False)
            for p in c.get("ports", [])
        }
        for port in service["spec"]["ports"]:
            assert port.get("targetPort", port.get("name")) in names | {port["port"]}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_autoscaled_deployments_leave_the_replica_count_to_the_autoscaler(overlay):
    """A replica count in the manifest would reset the autoscaler's choice on every apply."""
    documents = render(overlay)
    scaled = {
        h["spec"]["scaleTargetRef"]["name"] for h in of_kind(documents, "HorizontalPodAutoscaler")
    }
    for deployment in of_kind(documents, "Deployment"):
        named_replicas = "replicas" in deployment["spec"]
        assert named_replicas is (deployment["metadata"]["name"] not in scaled), deployment[
            "metadata"
        ]


def _millicores(value: str) -> float:
    return float(value[:-1]) if value.endswith("m") else float(value) * 1000


def test_the_dev_overlay_fits_a_two_core_cluster():
    """Scheduling counts a pod's requests: the larger of its init containers' and the sum of
    its containers'."""
    total = 0.0
    for workload in of_kind(render("dev"), *WORKLOADS):
        spec = pod_spec(workload)
        running = sum(_millicores(c["resources"]["requests"]["cpu"]) for c in spec["containers"])
        init = [
            _millicores(c["resources"]["requests"]["cpu"]) for c in spec.get("initContainers", [])
        ]
        total += max([running, *init]) * workload["spec"].get("replicas", 1)
    assert total <= 2000, f"{total:.0f}m of CPU requested"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_registry_pods_have_their_documents_volume_and_journal_keys(overlay):
    """Documents on a claim every registry process mounts where FOYER_DOCUMENTS_DIR points;
    the journal's keys from a Secret, never from the database or the image."""
    documents = render(overlay)
    claims = {c["metadata"]["name"] for c in of_kind(documents, "PersistentVolumeClaim")}
    assert "registry-documents" in claims
    registry = [
        d
        for d in of_kind(documents, "Deployment")
        if d["metadata"]["labels"]["app.kubernetes.io/name"] == "registry"
    ]
    assert registry
    for deployment in registry:
        volumes = {
            v["name"]: v.get("persistentVolumeClaim", {}).get("claimName")
            for v in pod_spec(deployment)["volumes"]
        }
        for container in containers(deployment):
            env = {e["name"]: e for e in container["env"]}
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            folder = env["FOYER_DOCUMENTS_DIR"]["value"]
            assert volumes[mounts[folder]] == "registry-documents", deployment["metadata"]["name"]
            keys = env["FOYER_JOURNAL_KEYS"]["valueFrom"]["secretKeyRef"]
            assert keys == {"name": "foyer-registry", "key": "journal-keys"}
