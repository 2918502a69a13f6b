"""Deployments, Services, PodDisruptionBudgets and autoscalers of one component."""

from __future__ import annotations

from suite import (
    GATEWAY_INTERNAL_PORT,
    GATEWAY_UPSTREAMS,
    MIGRATE,
    NAMESPACE,
    PART_OF,
    PORTS,
    RUN_AS_USER,
    Component,
    Process,
)

KEYS_DIR = "/run/foyer-keys"


def labels(component: str, role: str | None = None) -> dict:
    found = {"app.kubernetes.io/name": component, "app.kubernetes.io/part-of": PART_OF}
    if role:
        found["app.kubernetes.io/component"] = role
    return found


def deployment_name(component: Component, process: Process) -> str:
    if component.name == "gateway":
        return "gateway"
    return f"{component.name}-{process.role}"


def _secret_env(name: str, secret: str, key: str) -> dict:
    return {"name": name, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}}


def _env(component: Component, process: Process) -> list[dict]:
    """What every process of the component reads; secrets by reference only."""
    env = [{"name": "PYTHONDONTWRITEBYTECODE", "value": "1"}]
    if component.name != "console":  # pages only: the console sends and reads no message
        env.append(_secret_env("AMQP_URL", "foyer-amqp", "url"))
    if component.name == "gateway":
        env.append({"name": "FOYER_CONTEXT_PRIVATE_KEY_FILE", "value": f"{KEYS_DIR}/private.pem"})
        env.append({"name": "FOYER_INTERNAL_PORT", "value": str(GATEWAY_INTERNAL_PORT)})
        env += [
            {"name": f"FOYER_UPSTREAM_{s.upper()}", "value": f"http://{s}:{PORTS[s]}"}
            for s in GATEWAY_UPSTREAMS
        ]
        return env
    env += [_secret_env(name, secret, key) for name, secret, key in component.secret_env]
    if component.name == "console":
        env.append({"name": "FOYER_GATEWAY_URL", "value": f"http://gateway:{PORTS['gateway']}"})
    if not component.has_database:
        return env
    env.append(_secret_env("DATABASE_URL", f"foyer-db-{component.name}", "url"))
    env.append({"name": "FOYER_CONTEXT_PUBLIC_KEY_FILE", "value": f"{KEYS_DIR}/public.pem"})
    size, overflow = process.db_pool
    env.append({"name": "FOYER_DB_POOL_SIZE", "value": str(size)})
    env.append({"name": "FOYER_DB_MAX_OVERFLOW", "value": str(overflow)})
    # The outbox keeps requests working while the broker is away: a broker outage must not
    # take every web pod out of its Service (docs/deployment.md → Probes).
    env.append({"name": "FOYER_READY_CHECKS_BROKER", "value": "false"})
    if component.name == "identity":
        env.append(_secret_env("FOYER_OWNER_PASSWORD", "foyer-identity", "owner-password"))
        env.append(
            _secret_env("FOYER_SIGNING_KEY_PASSPHRASE", "foyer-identity", "signing-key-passphrase")
        )
        sources = ",".join(f"{s}=http://{s}:{PORTS[s]}/openapi.json" for s in component.calls)
        env.append({"name": "FOYER_PERMISSION_SOURCES", "value": sources})
    if component.shared_volume:
        volume = component.shared_volume
        env.append({"name": volume.setting, "value": volume.mount_path})
    env += [{"name": name, "value": value} for name, value in process.env]
    return env


def _command(component: Component, process: Process) -> list[str]:
    name = component.name
    if process.role != "web":
        return ["python", "-m", name, process.role]
    gunicorn = ["gunicorn", "-k", "gthread"]
    if name == "gateway":
        binds = ["-b", f"0.0.0.0:{PORTS[name]}", "-b", f"0.0.0.0:{GATEWAY_INTERNAL_PORT}"]
        return [*gunicorn, "-c", "python:gateway.gunicorn_conf", "-w", "2", "--threads", "16"] + [
            *binds,
            "gateway:create_app()",
        ]
    return [
        *gunicorn,
        "-c",
        "python:foyer_shared.gunicorn_conf",
        "-w",
        "1",
        "--threads",
        "8",
        "-b",
        f"0.0.0.0:{PORTS[name]}",
        f"{name}:create_app()",
    ]


def _probes(component: Component) -> dict:
    """Services: /ready (database) decides traffic, /health (the process answers) restarts.
    The gateway's /health asks every upstream, so one service down would take the gateway
    out: its probes read /api/docs, served from the gateway's own memory."""
    ready, live = (
        ("/api/docs", "/api/docs") if component.name == "gateway" else ("/ready", "/health")
    )

    def get(path: str, period: int, failures: int) -> dict:
        return {
            "httpGet": {"path": path, "port": "http"},
            "periodSeconds": period,
            "timeoutSeconds": 2,
            "failureThreshold": failures,
        }

    return {
        "startupProbe": get(live, 2, 30),  # up to a minute to import and bind
        "readinessProbe": get(ready, 5, 3),
        "livenessProbe": get(live, 10, 6),
    }


CONTAINER_SECURITY = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "runAsNonRoot": True,
    "capabilities": {"drop": ["ALL"]},
}


def _container(component: Component, process: Process, name: str, command: list[str]) -> dict:
    mounts = [{"name": "tmp", "mountPath": "/tmp"}]
    if _reads_context_keys(component):
        mounts.append({"name": "context-keys", "mountPath": KEYS_DIR, "readOnly": True})
    if component.shared_volume:
        mounts.append({"name": "shared", "mountPath": component.shared_volume.mount_path})
    return {
        "name": name,
        "image": f"foyer/{component.name}",
        "command": command,
        "env": _env(component, process),
        "envFrom": [{"configMapRef": {"name": "foyer-config"}}],
        "securityContext": CONTAINER_SECURITY,
        "volumeMounts": mounts,
    }


def _reads_context_keys(component: Component) -> bool:
    """The gateway signs access contexts, the services verify them; the console only
    forwards the user's token."""
    return component.name == "gateway" or component.has_database


def _volumes(component: Component, process: Process) -> list[dict]:
    volumes: list[dict] = [{"name": "tmp", "emptyDir": {"sizeLimit": process.tmp_size}}]
    if _reads_context_keys(component):
        key = ("context_private.pem", "private.pem")
        if component.name != "gateway":
            key = ("context_public.pem", "public.pem")  # services never see the private key
        secret = {
            "secretName": "foyer-context-keys",
            "items": [{"key": key[0], "path": key[1]}],
            "defaultMode": 0o440,
        }
        volumes.append({"name": "context-keys", "secret": secret})
    if component.shared_volume:
        claim = {"claimName": component.shared_volume.claim}
        volumes.append({"name": "shared", "persistentVolumeClaim": claim})
    return volumes


def _pod_metadata(component: Component, process: Process) -> dict:
    metadata: dict = {"labels": labels(component.name, process.role)}
    if component.name == "gateway":  # Prometheus reads the internal listener (docs/operations.md)
        metadata["annotations"] = {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": str(GATEWAY_INTERNAL_PORT),
            "prometheus.io/path": "/metrics",
        }
    return metadata


def deployment(component: Component, process: Process) -> dict:
    name = deployment_name(component, process)
    main = _container(component, process, process.role, _command(component, process))
    main["resources"] = process.size.resources()
    if process.role == "web":
        main["ports"] = [{"name": "http", "containerPort": component.port}]
        if component.name == "gateway":
            main["ports"].append({"name": "internal", "containerPort": GATEWAY_INTERNAL_PORT})
        main.update(_probes(component))
        # Let the endpoints controller take the pod out of the Service before gunicorn stops.
        main["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", "5"]}}}
    elif process.port:
        main["ports"] = [{"name": process.role, "containerPort": process.port}]
        # An SMTP listener has no HTTP endpoint: it is alive and ready while it accepts.
        accepts = {"tcpSocket": {"port": process.role}, "timeoutSeconds": 2}
        main["readinessProbe"] = {**accepts, "periodSeconds": 5, "failureThreshold": 3}
        main["livenessProbe"] = {**accepts, "periodSeconds": 10, "failureThreshold": 6}
    pod: dict = {
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "terminationGracePeriodSeconds": 30,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": RUN_AS_USER,
            "runAsGroup": RUN_AS_USER,
            "fsGroup": RUN_AS_USER,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [main],
        "volumes": _volumes(component, process),
    }
    if component.has_database:
        # Every pod migrates before it starts; foyer_shared.migrations holds a PostgreSQL
        # advisory lock, so replicas starting together take turns and the later ones find
        # the schema current (docs/deployment.md → Migrations).
        migrate = _container(component, process, "migrate", ["python", "-m", component.name])
        migrate["command"].append("migrate")
        migrate["resources"] = MIGRATE.resources()
        pod["initContainers"] = [migrate]
    if process.role == "web":
        pod["topologySpreadConstraints"] = [
            {
                "maxSkew": 1,
                "topologyKey": "kubernetes.io/hostname",
                "whenUnsatisfiable": "ScheduleAnyway",
                "labelSelector": {"matchLabels": labels(component.name, process.role)},
            }
        ]
    spec: dict = {}
    if not process.scaling:
        # An autoscaled Deployment names no replica count: every `kubectl apply` would reset
        # what the HorizontalPodAutoscaler chose.
        spec["replicas"] = 1
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": labels(component.name, process.role)},
        "spec": {
            **spec,
            "revisionHistoryLimit": 5,
            "selector": {"matchLabels": labels(component.name, process.role)},
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0},
            },
            "template": {"metadata": _pod_metadata(component, process), "spec": pod},
        },
    }


def service(component: Component) -> dict:
    ports = [{"name": "http", "port": component.port, "targetPort": "http"}]
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": component.name, "labels": labels(component.name, "web")},
        "spec": {"selector": labels(component.name, "web"), "ports": ports},
    }


def process_service(component: Component, process: Process) -> dict:
    """A Service for a non-web process that serves a port (notify's inbound SMTP)."""
    name = deployment_name(component, process)
    ports = [{"name": process.role, "port": process.port, "targetPort": process.role}]
    selector = labels(component.name, process.role)
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "labels": selector},
        "spec": {"selector": selector, "ports": ports},
    }


def disruption_budget(component: Component, process: Process) -> dict:
    # maxUnavailable, not minAvailable: a single replica (dev, one worker) can still be
    # drained off a node, while several are never all evicted at once.
    name = deployment_name(component, process)
    return {
        "apiVersion": "policy/v1",
        "kind": "PodDisruptionBudget",
        "metadata": {"name": name, "labels": labels(component.name, process.role)},
        "spec": {
            "maxUnavailable": 1,
            "selector": {"matchLabels": labels(component.name, process.role)},
        },
    }


def autoscaler(component: Component, process: Process) -> dict:
    name = deployment_name(component, process)
    scaling = process.scaling
    assert scaling is not None
    metric = {"type": "Utilization", "averageUtilization": scaling.cpu_utilization}
    return {
        "apiVersion": "autoscaling/v2",
        "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": name, "labels": labels(component.name, process.role)},
        "spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
            "minReplicas": scaling.min_replicas,
            "maxReplicas": scaling.max_replicas,
            "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": metric}}],
            # Scale down slowly: an import's batches come in waves.
            "behavior": {"scaleDown": {"stabilizationWindowSeconds": 300}},
        },
    }


def shared_claim(component: Component) -> dict:
    """imports' upload folder (written by web, read by the sender and the worker) or the
    registry's documents. ReadWriteOnce serves a one-node dev cluster; prod patches it to
    ReadWriteMany."""
    assert component.shared_volume is not None
    return {
        "apiVersion": "v1",
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": component.shared_volume.claim, "labels": labels(component.name)},
        "spec": {
            "accessModes": ["ReadWriteOnce"],
            "resources": {"requests": {"storage": "10Gi"}},
        },
    }


def namespace() -> dict:
    # Pod Security "restricted": the API server itself refuses a pod that could run as root.
    enforce = {f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "warn")}
    return {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": NAMESPACE,
            "labels": {**enforce, "app.kubernetes.io/part-of": PART_OF},
        },
    }


def config_map() -> dict:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "foyer-config", "labels": {"app.kubernetes.io/part-of": PART_OF}},
        "data": {
            "LOG_LEVEL": "INFO",
            "FOYER_QUEUE_TYPE": "quorum",  # docs/messaging.md → Queue types
            "FOYER_PUBLIC_URL": "https://foyer.example.org",  # links in e-mails; overlays set it
            # The gateway believes X-Forwarded-For from this many proxies (prod: the ingress).
            "FOYER_TRUSTED_PROXY_HOPS": "1",
        },
    }


def component_resources(component: Component) -> list[dict]:
    found = []
    for process in component.processes:
        found.append(deployment(component, process))
        found.append(disruption_budget(component, process))
        if process.port and process.role != "web":
            found.append(process_service(component, process))
        if process.scaling:
            found.append(autoscaler(component, process))
    found.insert(1, service(component))
    if component.shared_volume:
        found.append(shared_claim(component))
    return found
