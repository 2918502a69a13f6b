"""The shared gunicorn settings on a real gunicorn: with several workers each listens on the port
itself, so the kernel spreads connections over them, and a port someone already listens on is
refused; a single worker keeps the arbiter's socket, which holds connections while it restarts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from foyer_testing import wait_until

GUNICORN = Path(sys.executable).parent / "gunicorn"
APP = """import gc
import os


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    if environ["PATH_INFO"] == "/gc":
        return [f"{gc.get_threshold()[0]} {gc.get_freeze_count()}".encode()]
    return [str(os.getpid()).encode()]
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _argv(port: int, workers: int) -> list[str]:
    return [
        str(GUNICORN),
        "-c",
        "python:foyer_shared.gunicorn_conf",
        "-k",
        "gthread",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "app:app",
    ]


def _listening_sockets(port: int) -> int:
    """LISTEN rows for 127.0.0.1:`port` in the kernel's table."""
    local = f"0100007F:{port:04X}"
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows if row.split()[1] == local and row.split()[3] == "0A")


def _answers(url: str) -> str | None:
    try:
        return requests.get(url, timeout=2).text
    except requests.RequestException:
        return None


@pytest.fixture
def app_folder(tmp_path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    return tmp_path


@pytest.fixture
def served(app_folder):
    """start(workers) → (the arbiter, its URL); every gunicorn started is stopped afterwards."""
    processes = []

    def start(workers: int, env: dict | None = None) -> tuple[subprocess.Popen, str]:
        port = _free_port()
        process = subprocess.Popen(
            _argv(port, workers),
            cwd=app_folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        processes.append(process)
        url = f"http://127.0.0.1:{port}/"
        wait_until(lambda: _answers(url) is not None, 30, 0.1, "gunicorn answering")
        return process, url

    yield start
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def test_each_of_several_workers_listens_on_the_port_itself(served):
    _arbiter, url = served(workers=2)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    wait_until(lambda: _listening_sockets(port) == 2, 30, 0.1, "both workers listening")
    # A new connection each time: the kernel picks a worker's socket by the connection.
    pids = {_answers(url) for _ in range(40)}
    assert len(pids - {None}) == 2, pids


def test_several_workers_listen_again_after_a_reload(served):
    arbiter, url = served(workers=2)
    port = int(url.rsplit(":", 1)[1].strip("/"))
    before = {_answers(url) for _ in range(20)} - {None}
    arbiter.send_signal(signal.SIGHUP)  # how the gateway's routing table is reloaded
    wait_until(
        lambda: len(({_answers(url) for _ in range(20)} - {None}) - before) == 2,
        30,
        0.2,
        "two new workers answering",
    )
    wait_until(lambda: _listening_sockets(port) == 2, 30, 0.1, "only the new workers listening")


def test_a_single_workers_connections_wait_while_it_is_replaced(served):
    arbiter, url = served(workers=1)
    worker = int(_answers(url))
    os.kill(worker, signal.SIGKILL)
    # Queued on the arbiter's socket until the new worker takes it; with the worker's own
    # socket gone there would be nobody listening: connection refused.
    answer = requests.get(url, timeout=30)
    assert answer.status_code == 200 and int(answer.text) != worker
    assert arbiter.poll() is None


def test_a_port_another_process_listens_on_is_refused(app_folder):
    port = _free_port()
    with socket.socket() as other:  # as another gunicorn with reuse_port would hold it
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", port))
        other.listen()
        result = subprocess.run(
            _argv(port, workers=1), cwd=app_folder, capture_output=True, text=True, timeout=30
        )
    assert result.returncode != 0
    assert "Address already in use" in result.stderr


def test_no_control_socket_is_shared_between_the_services(served, tmp_path):
    # gunicorn 27 opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl)
    # unless told not to: every service's gunicorn on a host would take it over in turn, and
    # `gunicornc` would reload or stop whichever started last.
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"} | {"HOME": str(home)}
    served(workers=1, env=env)
    served(workers=2, env=env)
    assert not (home / ".gunicorn").exists()


def test_a_web_worker_runs_the_collector_as_every_foyer_process(served):
    from foyer_shared.gc_tuning import GC_YOUNG_THRESHOLD

    _arbiter, url = served(workers=1)
    threshold, frozen = map(int, requests.get(f"{url}gc", timeout=5).text.split())
    # Start-up's objects frozen out of the passes (a full pass walked the whole app), and the
    # young generation passed over every GC_YOUNG_THRESHOLD allocations instead of 700.
    assert threshold == GC_YOUNG_THRESHOLD != 700
    assert frozen > 0
