"""What the running suite exposes (issue 17, findings 6, 7 and 8), through the real gateway,
and how `make up` and docker-compose.yml keep the services off the network."""

from __future__ import annotations

import socket
import sys
import urllib.parse
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "infra"))
import devstack  # noqa: E402

FORGED = "203.0.113.66"


def test_a_forged_x_forwarded_for_never_reaches_the_audit_log(stack, gateway, owner_headers):
    identity = f"http://127.0.0.1:{stack.port('identity')}"  # straight at the service, too
    for url in (f"{gateway}/api/identity/auth/login", f"{identity}/auth/login"):
        login = requests.post(
            url,
            timeout=10,
            json={"username": "forged.address.probe", "password": "not-the-password-1"},
            headers={"X-Forwarded-For": f"{FORGED}, {FORGED}"},
        )
        assert login.status_code == 401, login.text
    entries = requests.get(
        f"{gateway}/api/identity/audit?kind=login.failed&page_size=100",
        headers=owner_headers,
        timeout=10,
    ).json()
    addresses = {e["client_address"] for e in entries}
    assert FORGED not in addresses
    assert "127.0.0.1" in addresses  # the peer the gateway saw, signed into the context


def test_a_51_mib_upload_is_413_naming_the_limit_before_it_is_sent(gateway, owner_headers):
    parsed = urllib.parse.urlsplit(gateway)
    head = (
        "POST /api/imports/jobs HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: {owner_headers['Authorization']}\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {51 * 1024 * 1024 + 300}\r\n\r\n"
    )
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as sock:
        sock.sendall(head.encode())  # no body at all: the answer must not wait for it
        answer = b""
        while b"}" not in answer:
            more = sock.recv(65536)
            assert more, answer
            answer += more
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert b"51 MiB" in answer and b"53477376" in answer


def test_metrics_and_detailed_health_stay_on_the_internal_listener(stack, gateway):
    assert requests.get(f"{gateway}/metrics", timeout=10).status_code == 404
    assert requests.get(f"{gateway}/health", timeout=10).json() == {"status": "up"}
    inside = requests.get(f"{stack.gateway_internal_url}/metrics", timeout=10)
    assert inside.status_code == 200 and "foyer_gateway_requests_total" in inside.text
    detailed = requests.get(f"{stack.gateway_internal_url}/health", timeout=10).json()
    assert set(detailed["upstreams"]) == {*devstack.SERVICES, "console"}


def test_each_service_serves_its_metrics_on_its_own_port_never_through_the_gateway(
    stack, gateway, owner_headers
):
    assert requests.get(f"{gateway}/api/crm/contacts", headers=owner_headers, timeout=10).ok
    for service in devstack.SERVICES:
        through = requests.get(
            f"{gateway}/api/{service}/metrics", headers=owner_headers, timeout=10
        )
        assert through.status_code == 404, (service, through.text)
        own = requests.get(f"http://127.0.0.1:{stack.port(service)}/metrics", timeout=10)
        assert own.status_code == 200, service
        # The gateway's health checks and document reads have reached every service by now.
        counted = [line for line in own.text.splitlines() if line.startswith("foyer_http_requests")]
        assert any(f'service="{service}"' in line for line in counted), (service, counted[:3])
    crm = requests.get(f"http://127.0.0.1:{stack.port('crm')}/metrics", timeout=10).text
    assert 'endpoint="/contacts",method="GET",service="crm",status="200"' in crm


def test_answers_carry_nosniff_and_no_server_version(gateway):
    for path in ("/api/identity/.well-known/jwks.json", "/api/nowhere", "/api/docs"):
        response = requests.get(gateway + path, timeout=10)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        banner = response.headers.get("Server", "")
        assert not any(c.isdigit() for c in banner) and "/" not in banner, (path, banner)


def test_make_up_binds_every_process_to_the_loopback(tmp_path):
    spawned = []

    class Recording(devstack.Stack):
        def _spawn(self, name, role, argv, env):
            spawned.append((name, role, argv, env))

    Recording(var=tmp_path).start()
    binds = {
        f"{name}-{role}": [argv[i + 1] for i, arg in enumerate(argv) if arg == "-b"]
        for name, role, argv, _env in spawned
        if role == "web"
    }
    assert set(binds) == {f"{name}-web" for name in (*devstack.SERVICES, "console", "gateway")}
    assert all(
        addresses and all(a.startswith("127.0.0.1:") for a in addresses)
        for addresses in binds.values()
    ), binds
    assert binds["gateway-web"] == ["127.0.0.1:8080", "127.0.0.1:8090"]
    assert binds["console-web"] == ["127.0.0.1:8086"]
    gateway_env = next(env for name, _r, _a, env in spawned if name == "gateway")
    assert gateway_env["FOYER_INTERNAL_PORT"] == "8090"


def test_compose_publishes_only_the_gateway():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    published = {name for name, spec in services.items() if spec.get("ports")}
    assert published == {"gateway"}
    assert services["gateway"]["ports"] == ["8080:8080"]  # not the internal listener (8090)
    assert compose["networks"]["internal"]["internal"] is True
    for name, spec in services.items():
        assert not spec.get("network_mode"), name  # `host` would bypass the networks
        expected = {"gateway": ["edge", "internal"], "registry-web": ["internal", "registers"]}
        expected = expected.get(name, ["internal"])
        assert sorted(spec.get("networks", [])) == expected, name
        health = spec.get("healthcheck", {})
        if name.endswith("-web") or name == "gateway":
            assert "/health" in " ".join(health["test"]), name  # still checked from inside
