"""The dev overlay's own PostgreSQL (one per service), RabbitMQ and SMTP sink; prod's egress
rules to the external databases it is given instead."""

from __future__ import annotations

from policies import BROKER, DATABASE_OF, FOYER_PROCESSES, SMTP, policy, tcp
from suite import AMQP_PORTS, COMPONENTS, POSTGRES_PORT, Size
from workloads import labels

POSTGRES_IMAGE = "postgres:15.10-bookworm"
RABBITMQ_IMAGE = "rabbitmq:3.13.7-management"
DATABASE = Size("100m", "256Mi", "1", "512Mi")
BROKER_SIZE = Size("200m", "512Mi", "1", "1Gi")
SINK = Size("20m", "64Mi", "200m", "128Mi")
# The images' own unprivileged users (postgres and rabbitmq are uid 999 in both).
IMAGE_USER = 999


def _pod_security(uid: int) -> dict:
    return {
        "runAsNonRoot": True,
        "runAsUser": uid,
        "runAsGroup": uid,
        "fsGroup": uid,
        "seccompProfile": {"type": "RuntimeDefault"},
    }


CONTAINER = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}


def _exec(*command: str, period: int = 10, timeout: int = 5) -> dict:
    return {
        "exec": {"command": list(command)},
        "periodSeconds": period,
        "timeoutSeconds": timeout,
        "failureThreshold": 6,
    }


def _stateful_set(name: str, extra_labels: dict, container: dict, data_path: str) -> dict:
    selector = labels(name)
    return {
        "apiVersion": "apps/v1",
        "kind": "StatefulSet",
        "metadata": {"name": name, "labels": {**selector, **extra_labels}},
        "spec": {
            "serviceName": name,
            "replicas": 1,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": {**selector, **extra_labels}},
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": _pod_security(IMAGE_USER),
                    "containers": [
                        {**container, "volumeMounts": [{"name": "data", "mountPath": data_path}]}
                    ],
                },
            },
            "volumeClaimTemplates": [
                {
                    "metadata": {"name": "data"},
                    "spec": {
                        "accessModes": ["ReadWriteOnce"],
                        "resources": {"requests": {"storage": "5Gi"}},
                    },
                }
            ],
        },
    }


def _service(name: str, port: int) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "labels": labels(name)},
        "spec": {"selector": labels(name), "ports": [{"name": "main", "port": port}]},
    }


def database(service: str) -> list[dict]:
    name = f"{service}-db"
    secret = {"secretKeyRef": {"name": f"foyer-db-{service}", "key": "password"}}
    ready = _exec("pg_isready", "-U", "postgres", "-h", "127.0.0.1")
    container = {
        "name": "postgres",
        "image": POSTGRES_IMAGE,
        "env": [
            {"name": "POSTGRES_DB", "value": f"foyer_{service}"},
            {"name": "POSTGRES_PASSWORD", "valueFrom": secret},
            {"name": "PGDATA", "value": "/var/lib/postgresql/data/pgdata"},
        ],
        "ports": [{"name": "main", "containerPort": POSTGRES_PORT}],
        "resources": DATABASE.resources(),
        "securityContext": CONTAINER,
        "readinessProbe": ready,
        "livenessProbe": ready,
    }
    own = {"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": service}}}]}
    own["ports"] = tcp(POSTGRES_PORT)
    return [
        _stateful_set(name, {DATABASE_OF: service}, container, "/var/lib/postgresql/data"),
        _service(name, POSTGRES_PORT),
        policy(f"{name}-ingress", labels(name), ingress=[own]),
    ]


def rabbitmq() -> list[dict]:
    users = {"name": "foyer-rabbitmq"}
    container = {
        "name": "rabbitmq",
        "image": RABBITMQ_IMAGE,
        "env": [
            {
                "name": "RABBITMQ_DEFAULT_USER",
                "valueFrom": {"secretKeyRef": {**users, "key": "username"}},
            },
            {
                "name": "RABBITMQ_DEFAULT_PASS",
                "valueFrom": {"secretKeyRef": {**users, "key": "password"}},
            },
        ],
        "ports": [{"name": "main", "containerPort": AMQP_PORTS[0]}],
        "resources": BROKER_SIZE.resources(),
        "securityContext": CONTAINER,
        "readinessProbe": _exec(
            "rabbitmq-diagnostics", "-q", "check_port_connectivity", timeout=10
        ),
        "livenessProbe": _exec("rabbitmq-diagnostics", "-q", "ping", period=30, timeout=15),
    }
    clients = {"from": [{"podSelector": FOYER_PROCESSES}]}
    clients["ports"] = tcp(AMQP_PORTS[0])
    return [
        _stateful_set("rabbitmq", BROKER, container, "/var/lib/rabbitmq"),
        _service("rabbitmq", AMQP_PORTS[0]),
        policy("rabbitmq-ingress", labels("rabbitmq"), ingress=[clients]),
    ]


def smtp_sink() -> list[dict]:
    """aiosmtpd printing every mail to its log: nothing leaves the cluster."""
    port = 1025
    container = {
        "name": "smtp",
        "image": "foyer/smtp-sink",
        "ports": [{"name": "main", "containerPort": port}],
        "resources": SINK.resources(),
        "securityContext": {**CONTAINER, "readOnlyRootFilesystem": True},
        "readinessProbe": {"tcpSocket": {"port": "main"}, "periodSeconds": 10},
        "livenessProbe": {"tcpSocket": {"port": "main"}, "periodSeconds": 20},
    }
    pod = {
        "automountServiceAccountToken": False,
        "securityContext": _pod_security(10001),
        "containers": [container],
    }
    selector = labels("smtp")
    notify = {"from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "notify"}}}]}
    notify["ports"] = tcp(port)
    return [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "smtp", "labels": {**selector, **SMTP}},
            "spec": {
                "replicas": 1,
                "selector": {"matchLabels": selector},
                "template": {"metadata": {"labels": {**selector, **SMTP}}, "spec": pod},
            },
        },
        _service("smtp", port),
        policy("smtp-ingress", selector, ingress=[notify]),
    ]


def dev_backing() -> list[dict]:
    found = []
    for component in COMPONENTS:
        if component.has_database:
            found += database(component.name)
    return found + rabbitmq() + smtp_sink()


# Documentation addresses (RFC 5737): nothing answers there. Replace each with the address of
# that service's PostgreSQL before the first deploy (docs/deployment.md → Prod).
EXTERNAL_DATABASES = {
    "identity": "192.0.2.11/32",
    "registry": "192.0.2.12/32",
    "crm": "192.0.2.13/32",
    "imports": "192.0.2.14/32",
    "notify": "192.0.2.15/32",
}


def prod_database_policies() -> list[dict]:
    found = []
    for service, cidr in EXTERNAL_DATABASES.items():
        rule = {"to": [{"ipBlock": {"cidr": cidr}}], "ports": tcp(POSTGRES_PORT)}
        selector = {"app.kubernetes.io/name": service}
        found.append(policy(f"{service}-to-external-database", selector, egress=[rule]))
    return found
