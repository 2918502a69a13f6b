"""Processes for the gateway benchmark: start, wait for, measure the CPU of, and stop them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

NGINX_CONF = """
worker_processes 1;
pid {var}/nginx.pid;
error_log {var}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {var}/nginx-body;
  proxy_temp_path {var}/nginx-proxy;
  fastcgi_temp_path {var}/nginx-fastcgi;
  uwsgi_temp_path {var}/nginx-uwsgi;
  scgi_temp_path {var}/nginx-scgi;
  upstream registry {{ server 127.0.0.1:{registry}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{port};
    location /api/registry/ {{
      proxy_pass http://registry/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }}
  }}
}}
"""


def group_cpu_seconds(pgid: int, part: str = "both") -> float:
    """User + system CPU of every live process in a process group (gunicorn master + workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    picks = {"both": (11, 12), "user": (11,), "system": (12,)}[part]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp ...
            total += sum(int(fields[i]) for i in picks) / tick
    return total


class Processes:
    """What this benchmark started, stopped by process group at the end (never by name)."""

    def __init__(self, var: Path):
        self.var = var
        self.pids: list[int] = []
        self.by_name: dict[str, int] = {}

    def spawn(self, name: str, argv: list[str], env: dict) -> None:
        with open(self.var / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pids.append(process.pid)
        self.by_name[name] = process.pid

    def stop(self) -> None:
        for pid in self.pids:
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(1)
        for pid in self.pids:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


def gunicorn(
    app: str, port: int, workers: int, threads: int, conf: str, worker_class: str = "gthread"
) -> list[str]:
    concurrency = (
        ["--threads", str(threads)]
        if worker_class == "gthread"
        else ["--worker-connections", str(threads * 8)]
    )
    return [
        str(BIN / "gunicorn"),
        "-c",
        f"python:{conf}",
        "-k",
        worker_class,
        "-w",
        str(workers),
        *concurrency,
        "-b",
        f"127.0.0.1:{port}",
        app,
    ]


def granian(app: str, port: int, workers: int, threads: int) -> list[str] | None:
    """The same WSGI app under granian (HTTP in Rust, the app on `threads` Python threads per
    worker): what another server would give. None when granian is not installed."""
    binary = BIN / "granian"
    if not binary.exists():
        print("gateway under granian: SKIPPED - granian is not installed (pip install granian)")
        return None
    return [
        str(binary),
        "--interface",
        "wsgi",
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-ws",
        "--log-level",
        "warning",
        "--factory",
        app.removesuffix("()"),
    ]


def wait(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def start_nginx(
    var: Path, path: str, processes: Processes, registry_port: int, port: int
) -> str | None:
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        print("nginx: SKIPPED - nginx is not installed (apt-get install nginx-light)")
        return None
    conf = var / "nginx.conf"
    conf.write_text(NGINX_CONF.format(var=var, registry=registry_port, port=port))
    processes.spawn("nginx", [nginx, "-c", str(conf), "-g", "daemon off;"], dict(os.environ))
    url = f"http://127.0.0.1:{port}/api/registry{path}"
    wait(url)
    return url
