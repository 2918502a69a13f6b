"""What runs in a cluster: every component, its processes, ports and sizes (docs/deployment.md).

The one table the manifests under infra/k8s/base are generated from (`make k8s`), so that a
port, a process or a size is written once. Sizes come from docs/benchmarks.md; the reasoning
is in docs/deployment.md → Sizing.
"""

from __future__ import annotations

import dataclasses

NAMESPACE = "foyer"
PART_OF = "foyer"
# Every image runs as this user (the Dockerfiles create it with the same ids).
RUN_AS_USER = 10001
SERVICES = ("identity", "registry", "crm", "imports", "notify")
PORTS = {"gateway": 8080, "identity": 8081, "registry": 8082, "crm": 8083, "imports": 8084}
PORTS["notify"] = 8085
GATEWAY_INTERNAL_PORT = 8090  # /metrics and the detailed /health: never behind the Service
AMQP_PORTS = (5672, 5671)  # plain and TLS
POSTGRES_PORT = 5432
SMTP_PORTS = (25, 465, 587, 1025)  # 1025: the dev overlay's sink


@dataclasses.dataclass(frozen=True)
class Size:
    cpu_request: str
    memory_request: str
    cpu_limit: str
    memory_limit: str

    def resources(self) -> dict:
        return {
            "requests": {"cpu": self.cpu_request, "memory": self.memory_request},
            "limits": {"cpu": self.cpu_limit, "memory": self.memory_limit},
        }


@dataclasses.dataclass(frozen=True)
class Scaling:
    """A HorizontalPodAutoscaler on CPU (prod overrides min/max in its overlay)."""

    min_replicas: int
    max_replicas: int
    cpu_utilization: int = 70


@dataclasses.dataclass(frozen=True)
class Process:
    """One Deployment: `web` is gunicorn behind a Service; the others are `python -m svc role`."""

    role: str
    size: Size
    scaling: Scaling | None = None
    # Connections per process (FOYER_DB_POOL_SIZE/MAX_OVERFLOW): the sum over all replicas of
    # a service must stay under its PostgreSQL's max_connections (docs/deployment.md).
    db_pool: tuple[int, int] = (5, 5)
    tmp_size: str = "128Mi"
    env: tuple[tuple[str, str], ...] = ()  # this process's own settings


# One gunicorn process (gthread 1x8) saturates about one core: the registry served 199 req/s
# at 4.9 ms CPU each (docs/benchmarks.md → Gateway). RSS of an idle web process ~110 MB.
WEB = Size("250m", "256Mi", "1", "512Mi")
# argon2id: 19 MiB per hash, up to 8 at once (8 threads), 48 ms CPU each.
IDENTITY_WEB = Size("250m", "384Mi", "1", "768Mi")
# Workers measured at ~100 MB RSS during a 1M-row import.
WORKER = Size("100m", "192Mi", "1", "384Mi")
# The registry worker persists import batches too: 19 ms CPU per 1000 rows at ~17k rows/s.
REGISTRY_WORKER = Size("250m", "192Mi", "1", "384Mi")
IMPORT_WORKER = Size("250m", "192Mi", "1", "384Mi")
# The sender peaked at 150 MB RSS for 1,000,000 rows; 11 ms CPU per 1000 rows.
SENDER = Size("200m", "256Mi", "1", "512Mi")
# Two gunicorn processes (2x16); 1.2 ms CPU per proxied request.
GATEWAY = Size("500m", "256Mi", "2", "512Mi")
# aiosmtpd: one asyncio loop; a DSN is a few kB and one short transaction.
INBOUND = Size("50m", "128Mi", "500m", "256Mi")
MIGRATE = Size("100m", "128Mi", "500m", "256Mi")

WEB_SCALING = Scaling(min_replicas=2, max_replicas=6)


@dataclasses.dataclass(frozen=True)
class Component:
    name: str
    processes: tuple[Process, ...]
    # Other services' web pods this one calls over HTTP (docs/internal-http.md).
    calls: tuple[str, ...] = ()
    has_database: bool = True
    shared_volume: str | None = None  # a PersistentVolumeClaim mounted by every process

    @property
    def port(self) -> int:
        return PORTS[self.name]


def _web(size: Size = WEB) -> Process:
    return Process("web", size, WEB_SCALING)


COMPONENTS = (
    Component("gateway", (Process("web", GATEWAY, WEB_SCALING),), SERVICES, has_database=False),
    # identity reads every other service's /openapi.json for its permission catalogue.
    Component(
        "identity",
        (_web(IDENTITY_WEB), Process("worker", WORKER)),
        tuple(s for s in SERVICES if s != "identity"),
    ),
    Component(
        "registry",
        (
            _web(),
            Process("worker", REGISTRY_WORKER),
            # More consumers of registry.commands for large imports (docs/registry.md).
            Process("import-worker", IMPORT_WORKER, Scaling(1, 4), db_pool=(2, 2)),
        ),
    ),
    Component("crm", (_web(), Process("worker", WORKER))),
    Component(
        "imports",
        (
            Process("web", WEB, WEB_SCALING, tmp_size="512Mi"),  # uploads spool through /tmp
            Process("worker", WORKER),
            Process("sender", SENDER, Scaling(1, 3), db_pool=(2, 2)),
        ),
        shared_volume="imports-uploads",
    ),
    Component(
        "notify",
        (
            _web(),
            Process("worker", WORKER),
            # Bounce mail (DSNs) over SMTP on 2525; the MX or relay that receives the
            # sending domain's bounces forwards here (docs/notify.md → Bounces).
            Process(
                "inbound",
                INBOUND,
                db_pool=(2, 2),
                env=(("FOYER_INBOUND_SMTP_HOST", "0.0.0.0"), ("FOYER_INBOUND_SMTP_PORT", "2525")),
            ),
        ),
    ),
)


def component(name: str) -> Component:
    return next(c for c in COMPONENTS if c.name == name)
