"""NetworkPolicies: deny by default; the gateway reaches the services, each service its own
database, every process the broker (docs/deployment.md → Network)."""

from __future__ import annotations

from suite import (
    AMQP_PORTS,
    COMPONENTS,
    GATEWAY_INTERNAL_PORT,
    INBOUND_SMTP_PORT,
    PART_OF,
    PORTS,
    POSTGRES_PORT,
    PROCESS_METRICS_PORT,
    SERVICES,
    SMTP_PORTS,
)
from workloads import labels

# Pods of a component carry app.kubernetes.io/name; a database pod (dev) or an egress rule
# to an external one (prod) names the service it belongs to with this label.
DATABASE_OF = "foyer.io/database-of"
# The RabbitMQ pods (dev's own; label a RabbitmqCluster's pods the same in prod).
BROKER = {"foyer.io/role": "broker"}
SMTP = {"foyer.io/role": "smtp"}  # the dev overlay's mail sink
# Namespaces allowed to scrape the gateway's internal listener (Prometheus).
MONITORING = {"foyer.io/monitoring": "true"}
# Namespaces of the MX or relay that forwards bounce mail (DSNs) to notify's inbound SMTP.
MAIL_RELAY = {"foyer.io/mail-relay": "true"}


# Every Foyer process (web, worker, sender, import-worker), not the dev overlay's databases
# and not the console (pages only, it speaks to the gateway alone).
FOYER_PROCESSES = {
    "matchLabels": {"app.kubernetes.io/part-of": PART_OF},
    "matchExpressions": [
        {"key": "app.kubernetes.io/component", "operator": "Exists"},
        {"key": "app.kubernetes.io/name", "operator": "NotIn", "values": ["console"]},
    ],
}


def policy(name: str, selector: dict, ingress=None, egress=None) -> dict:
    """`selector`: matchLabels, or a whole label selector (with matchExpressions)."""
    if selector and "matchLabels" not in selector:
        selector = {"matchLabels": selector}
    spec: dict = {"podSelector": selector, "policyTypes": []}
    if ingress is not None:
        spec["policyTypes"].append("Ingress")
        spec["ingress"] = ingress
    if egress is not None:
        spec["policyTypes"].append("Egress")
        spec["egress"] = egress
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": name, "labels": {"app.kubernetes.io/part-of": PART_OF}},
        "spec": spec,
    }


def tcp(*ports: int | str) -> list[dict]:
    return [{"protocol": "TCP", "port": port} for port in ports]


def web_of(name: str) -> dict:
    return {"podSelector": {"matchLabels": labels(name, "web")}}


def common() -> list[dict]:
    dns = {
        "to": [
            {
                "namespaceSelector": {
                    "matchLabels": {"kubernetes.io/metadata.name": "kube-system"}
                },
                "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}},
            }
        ],
        "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
    }
    broker = {"to": [{"namespaceSelector": {}, "podSelector": {"matchLabels": BROKER}}]}
    broker["ports"] = tcp(*AMQP_PORTS)
    # Prometheus (namespaces labelled foyer.io/monitoring) reads every service process's
    # /metrics: the web ports (whose API still refuses a request without the gateway's signed
    # context) and the other processes' metrics port.
    scrape = {"from": [{"namespaceSelector": {"matchLabels": MONITORING}}]}
    scrape["ports"] = tcp(*(PORTS[s] for s in SERVICES), PROCESS_METRICS_PORT)
    return [
        # Nothing in or out unless a policy below allows it.
        policy("default-deny", {}, ingress=[], egress=[]),
        policy("allow-dns", {}, egress=[dns]),
        policy("foyer-to-broker", FOYER_PROCESSES, egress=[broker]),
        policy("monitoring-scrapes-services", FOYER_PROCESSES, ingress=[scrape]),
    ]


HTTPS_PORT = 443
PRIVATE_RANGES = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10")


def component_policies(component) -> list[dict]:
    name = component.name
    found = []
    if name == "gateway":
        ingress = [
            {"ports": tcp("http")},  # from the ingress controller / load balancer
            {
                "from": [{"namespaceSelector": {"matchLabels": MONITORING}}],
                "ports": tcp("internal"),
            },
        ]
        found.append(policy("gateway-ingress", labels(name, "web"), ingress=ingress))
    else:
        callers = [web_of(c.name) for c in COMPONENTS if name in c.calls and c.name != name]
        found.append(
            policy(
                f"{name}-web-ingress",
                labels(name, "web"),
                ingress=[{"from": callers, "ports": tcp(PORTS[name])}],
            )
        )
    if component.calls:
        egress = [{"to": [web_of(c)], "ports": tcp(PORTS[c])} for c in component.calls]
        found.append(policy(f"{name}-calls", labels(name, "web"), egress=egress))
    if component.has_database:
        own = {"to": [{"podSelector": {"matchLabels": {DATABASE_OF: name}}}]}
        own["ports"] = tcp(POSTGRES_PORT)
        found.append(
            policy(f"{name}-to-own-database", {"app.kubernetes.io/name": name}, egress=[own])
        )
    if name == "notify":
        # An outside relay by address, or the dev overlay's sink by label.
        relay = [{"ipBlock": {"cidr": "0.0.0.0/0"}}, {"podSelector": {"matchLabels": SMTP}}]
        smtp = {"to": relay, "ports": tcp(*SMTP_PORTS)}
        found.append(policy("notify-to-smtp", {"app.kubernetes.io/name": name}, egress=[smtp]))
        relay = {"from": [{"namespaceSelector": {"matchLabels": MAIL_RELAY}}]}
        relay["ports"] = tcp(INBOUND_SMTP_PORT)
        found.append(policy("notify-inbound-from-relay", labels(name, "inbound"), ingress=[relay]))
    if name == "registry":
        # Look-ups in public registers (SPAR's gateway, ARES) over HTTPS, from the web pods
        # only; never into the private ranges, where the cluster's own pods live.
        public = {"cidr": "0.0.0.0/0", "except": list(PRIVATE_RANGES)}
        registers = {"to": [{"ipBlock": public}], "ports": tcp(HTTPS_PORT)}
        found.append(
            policy("registry-to-public-registers", labels(name, "web"), egress=[registers])
        )
    return found


__all__ = [
    "FOYER_PROCESSES",
    "BROKER",
    "DATABASE_OF",
    "SMTP",
    "GATEWAY_INTERNAL_PORT",
    "common",
    "component_policies",
]
