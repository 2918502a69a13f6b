"""A real gunicorn gateway: a 50 MB upload passes without being held in memory; its two
listeners (public, internal) and the headers gunicorn itself writes."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from foyer_testing import wait_until

ROOT = Path(__file__).resolve().parents[2]
SIZE = 50 * 1024 * 1024
ROUTES = """
[routes.identity]
[routes.registry]
[routes.crm]
[routes.imports]
max_body_bytes = 104857600
read_timeout = 60.0
[routes.notify]
"""


class _Generated:
    """50 MB produced on demand, hashed as it goes: the client holds none of it either."""

    def __init__(self, size: int):
        self._left = size
        self._size = size
        self.sha = hashlib.sha256()
        self._block = os.urandom(65536)

    def __len__(self) -> int:
        return self._size

    def read(self, n: int = 65536) -> bytes:
        n = min(n if n > 0 else 65536, self._left, 65536)
        data = self._block[:n]
        self._left -= n
        self.sha.update(data)
        return data


def _peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_gateway(context_keys, token_key, tmp_path, fake_services):
    fakes = fake_services
    public_pem = context_keys[1].read_text()
    servers = [fakes.Server(fakes.identity_app(token_key.public_key(), public_pem))]
    servers += [
        fakes.Server(fakes.echo_service_app(name, public_pem)) for name in ("registry", "imports")
    ]
    (tmp_path / "routes.toml").write_text(ROUTES)
    port, internal_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "FOYER_UPSTREAM_IDENTITY": servers[0].url,
        "FOYER_UPSTREAM_REGISTRY": servers[1].url,
        "FOYER_UPSTREAM_IMPORTS": servers[2].url,
        "FOYER_UPSTREAM_CRM": f"http://127.0.0.1:{_free_port()}",
        "FOYER_UPSTREAM_NOTIFY": f"http://127.0.0.1:{_free_port()}",
        "FOYER_CONTEXT_PRIVATE_KEY_FILE": str(context_keys[0]),
        "FOYER_ROUTES_FILE": str(tmp_path / "routes.toml"),
        "FOYER_EVENTS_ENABLED": "false",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "FOYER_INTERNAL_PORT": str(internal_port),
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [
            str(gunicorn),
            "-c",
            "python:gateway.gunicorn_conf",
            "-k",
            "gthread",
            "-w",
            "1",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "-b",
            f"127.0.0.1:{internal_port}",
            "gateway:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(f"{url}/api/openapi.json"), 30, 0.2, "gunicorn gateway up")
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        yield url, int(workers[0]), f"http://127.0.0.1:{internal_port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        for server in servers:
            server.stop()


def test_50_mb_upload_passes_with_bounded_gateway_memory(gunicorn_gateway):
    url, worker, _internal = gunicorn_gateway
    warm = requests.post(f"{url}/api/imports/stream-in", data=b"x" * 1_000_000, timeout=30)
    assert warm.status_code == 200, warm.text
    before = _peak_rss_kib(worker)
    body = _Generated(SIZE)
    response = requests.post(
        f"{url}/api/imports/stream-in", data=body, timeout=120, headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["body_length"] == SIZE
    assert response.json()["body_sha256"] == body.sha.hexdigest()
    growth_mib = (_peak_rss_kib(worker) - before) / 1024
    assert growth_mib < 16, f"the gateway's peak memory grew {growth_mib:.1f} MiB for 50 MiB"


def test_gunicorn_sends_no_version_and_keeps_metrics_on_the_internal_listener(gunicorn_gateway):
    url, _worker, internal = gunicorn_gateway
    answers = [
        requests.get(f"{url}/api/registry/public/ping", timeout=5),
        requests.get(f"{url}/api/nowhere", timeout=5),
        requests.get(f"{url}/metrics", timeout=5),
    ]
    assert [a.status_code for a in answers] == [200, 404, 404]
    for answer in answers:
        banner = answer.headers.get("Server", "")
        assert not re.search(r"[/\d]|werkzeug|python", banner, re.I), banner
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    metrics = requests.get(f"{internal}/metrics", timeout=5)
    assert metrics.status_code == 200 and "foyer_gateway_requests_total" in metrics.text
    assert "upstreams" in requests.get(f"{internal}/health", timeout=5).json()["errors"]
    assert requests.get(f"{url}/health", timeout=5).json() == {"status": "down"}  # crm is down
