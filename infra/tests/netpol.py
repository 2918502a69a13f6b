"""A small NetworkPolicy evaluator: may pod A open a TCP connection to pod B's port?

Follows the API's semantics for what the manifests use: policies are additive allow lists; a
pod selected by no policy of a direction is open in that direction; a peer is a podSelector
(this namespace unless a namespaceSelector is given), a namespaceSelector, or an ipBlock
(an address outside the cluster here, never a pod); a port is a number or a named port of the
destination container.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from k8s_support import of_kind, pod_spec, selects


@dataclasses.dataclass(frozen=True)
class Pod:
    name: str
    labels: dict
    namespace: str
    namespace_labels: dict
    ports: dict  # name → number

    def __hash__(self) -> int:
        return hash(self.name)


@dataclasses.dataclass(frozen=True)
class Address:
    """Something outside the cluster: an external database or relay."""

    ip: str


def pods(documents, namespace: str = "foyer") -> list[Pod]:
    found = []
    ns_labels = {"kubernetes.io/metadata.name": namespace}
    for workload in of_kind(documents, "Deployment", "StatefulSet"):
        ports = {}
        for container in pod_spec(workload)["containers"]:
            for port in container.get("ports", []):
                ports[port.get("name", str(port["containerPort"]))] = port["containerPort"]
        labels = workload["spec"]["template"]["metadata"]["labels"]
        found.append(Pod(workload["metadata"]["name"], labels, namespace, ns_labels, ports))
    return found


def _peer_matches(peer: dict, target, policy_namespace: str) -> bool:
    if isinstance(target, Address):
        block = peer.get("ipBlock")
        if not block:
            return False
        inside = ipaddress.ip_address(target.ip) in ipaddress.ip_network(block["cidr"])
        excepted = any(
            ipaddress.ip_address(target.ip) in ipaddress.ip_network(e)
            for e in block.get("except", [])
        )
        return inside and not excepted
    if "ipBlock" in peer:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], target.namespace_labels):
            return False
    elif target.namespace != policy_namespace:
        return False
    return "podSelector" not in peer or selects(peer["podSelector"], target.labels)


def _port_matches(rule_ports, port: int, destination) -> bool:
    if not rule_ports:
        return True
    for rule_port in rule_ports:
        wanted = rule_port.get("port")
        if isinstance(wanted, str):
            wanted = destination.ports.get(wanted) if isinstance(destination, Pod) else None
        if wanted is None or wanted == port:
            return True
    return False


def _allowed(policies, subject: Pod, direction: str, peer, port: int, destination) -> bool:
    kind = "Ingress" if direction == "ingress" else "Egress"
    applying = [
        p
        for p in policies
        if kind in p["spec"]["policyTypes"]
        and p["metadata"]["namespace"] == subject.namespace
        and selects(p["spec"]["podSelector"], subject.labels)
    ]
    if not applying:
        return True
    key = "from" if direction == "ingress" else "to"
    for policy in applying:
        for rule in policy["spec"].get(direction, []):
            peers = rule.get(key)
            namespace = policy["metadata"]["namespace"]
            if peers and not any(_peer_matches(p, peer, namespace) for p in peers):
                continue
            if _port_matches(rule.get("ports"), port, destination):
                return True
    return False


def can_connect(documents, source: Pod, destination, port: int) -> bool:
    policies = of_kind(documents, "NetworkPolicy")
    if not _allowed(policies, source, "egress", destination, port, destination):
        return False
    if isinstance(destination, Address):
        return True
    return _allowed(policies, destination, "ingress", source, port, destination)
