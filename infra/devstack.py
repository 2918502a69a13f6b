"""Start and stop the whole suite on one machine: every service's web and worker, and the gateway.

Used by `make up` / `make down` and by tests_e2e (with other ports, databases and a vhost).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# notify's mail and SMS sinks stand in for the SMTP relay and SMS provider on a laptop only.
DEV_ONLY_ROLES = {("notify", "sinks")}
SERVICES = {"identity": 8081, "registry": 8082, "crm": 8083, "imports": 8084, "notify": 8085}
GATEWAY_PORT = 8080
NOTIFY_SINK_PORTS = (9025, 9026, 9027)  # SMTP sink, SMS sink, notify's inbound SMTP (bounces)
# The gateway's internal listener: /metrics and the detailed /health (docs/gateway.md). Not
# 8086: ARCHITECTURE.md gives that port to the console.
GATEWAY_INTERNAL_PORT = 8090
# The staff console (services/console): web pages only, no database, no worker, served by the
# gateway at `/` (routes.toml `pages`).
CONSOLE_PORT = 8086
# Every process binds the loopback only: nothing of the suite is reachable from other hosts.
BIND_HOST = "127.0.0.1"


EPHEMERAL_PORTS_START = 32768  # Linux's default ip_local_port_range
# Ports above 1024 that Chromium and Firefox refuse to open (ERR_UNSAFE_PORT; Chromium's
# net/base/port_util.cc). A suite whose gateway or console landed on one (offset 2000 puts the
# gateway on 10080) cannot be used from a browser, so its console tests failed at the first page.
BROWSER_UNSAFE_PORTS = frozenset(
    {1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6679, 6697, 10080}
    | set(range(6665, 6670))
)


def suite_ports() -> list[int]:
    """Every port a suite listens on at offset 0 (`make up`): web processes, the gateway's
    two listeners, notify's sinks and inbound SMTP."""
    return [GATEWAY_PORT, GATEWAY_INTERNAL_PORT, *SERVICES.values(), *NOTIFY_SINK_PORTS]


def free_port_offset(lowest: int = 20, highest: int | None = None) -> int:
    """An offset (a multiple of 100) at which every port of a suite is free: away from
    `make up`'s, different for every run so two runs can share the machine, and below Linux's
    ephemeral range (32768+) where client sockets could already hold them."""
    ports = [
        GATEWAY_PORT,
        GATEWAY_INTERNAL_PORT,
        CONSOLE_PORT,
        *SERVICES.values(),
        *NOTIFY_SINK_PORTS,
    ]
    # The highest multiple of 100 that keeps the highest port below the ephemeral range.
    ceiling = (EPHEMERAL_PORTS_START - 1 - max(ports)) // 100
    highest = ceiling if highest is None else min(highest, ceiling)
    for _ in range(50):
        offset = random.randrange(lowest, highest + 1) * 100
        shifted = [port + offset for port in ports]
        if BROWSER_UNSAFE_PORTS.isdisjoint(shifted) and all(map(_port_is_free, shifted)):
            return offset
    raise RuntimeError(f"no offset with all of the ports {ports} free")


def _answers(port: int) -> bool:
    try:
        socket.create_connection((BIND_HOST, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((BIND_HOST, port))
        except OSError:
            return False
    return True


@dataclasses.dataclass
class Stack:
    """Where one running suite keeps its state, and how its processes are configured."""

    var: Path
    port_offset: int = 0
    common_env: dict[str, str] = dataclasses.field(default_factory=dict)
    service_env: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    # name-role → (pid, log size before it started): what this Stack object started itself.
    started: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)

    def port(self, name: str) -> int:
        base = {
            "gateway": GATEWAY_PORT,
            "gateway-internal": GATEWAY_INTERNAL_PORT,
            "console": CONSOLE_PORT,
        }
        return (base[name] if name in base else SERVICES[name]) + self.port_offset

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.port('gateway')}"

    @property
    def gateway_internal_url(self) -> str:
        return f"http://127.0.0.1:{self.port('gateway-internal')}"

    def env_for(self, name: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "PYTHONUNBUFFERED": "1",
                "FOYER_CONTEXT_PUBLIC_KEY_FILE": str(self.var / "keys/context_public.pem"),
                "FOYER_CONTEXT_PRIVATE_KEY_FILE": str(self.var / "keys/context_private.pem"),
            }
        )
        env.setdefault("DATABASE_URL", f"sqlite:///{self.var / (name + '.db')}")
        for service in (*SERVICES, "console"):
            env[f"FOYER_UPSTREAM_{service.upper()}"] = f"http://127.0.0.1:{self.port(service)}"
        # Activation and reset links in mails open the console's pages through this gateway.
        env.setdefault("FOYER_PUBLIC_URL", self.gateway_url)
        if name == "console":
            env["FOYER_GATEWAY_URL"] = self.gateway_url
            env["FOYER_COOKIE_SECURE"] = "false"  # plain http on the loopback
            env["FOYER_SECRET_KEY_FILE"] = str(self.var / "keys/console_secret")
        if name == "identity":  # the permission catalogue reads what every service declares
            env["FOYER_PERMISSION_SOURCES"] = ",".join(
                f"{other}=http://127.0.0.1:{self.port(other)}/openapi.json"
                for other in SERVICES
                if other != "identity"
            )
        if name == "notify":
            env.update(notify_sinks_env(self.var, self.port_offset))
        env.update(self.common_env)
        env.update(self.service_env.get(name, {}))
        if name == "registry":  # the journal's key file, unless the deployment names its own
            env.setdefault("FOYER_JOURNAL_KEYS_FILE", str(ensure_journal_keys(self.var / "keys")))
            env.setdefault("FOYER_DOCUMENTS_DIR", str(self.var / "registry-documents"))
        if name == "gateway":
            env["FOYER_INTERNAL_PORT"] = str(self.port("gateway-internal"))
        if name != "identity":  # only identity needs the owner's bootstrap password
            env.pop("FOYER_OWNER_PASSWORD", None)
        return env

    # -- processes -----------------------------------------------------------------
    def _spawn(self, name: str, role: str, argv: list[str], env: dict[str, str]) -> None:
        logs = self.var / "log"
        logs.mkdir(parents=True, exist_ok=True)
        with open(logs / f"{name}-{role}.log", "ab") as log_file:
            offset = log_file.tell()
            process = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: `down` stops it and its children
            )
        self.started[f"{name}-{role}"] = (process.pid, offset)
        pids = self._pids()
        pids[f"{name}-{role}"] = process.pid
        (self.var / "pids.json").write_text(json.dumps(pids))

    def _pids(self) -> dict[str, int]:
        path = self.var / "pids.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def migrate(self) -> None:
        """Every service's migrations at once: each its own database, so they cannot meet, and a
        suite comes up seconds sooner (five Python start-ups, not one after another)."""
        running = {
            name: subprocess.Popen(
                [str(BIN / "python"), "-m", name, "migrate"], cwd=ROOT, env=self.env_for(name)
            )
            for name in SERVICES
        }
        failed = [name for name, process in running.items() if process.wait() != 0]
        if failed:
            raise RuntimeError(f"migrations failed: {', '.join(failed)} (their output is above)")

    def start(self) -> None:
        ensure_context_keys(self.var / "keys")
        for name in SERVICES:
            env = self.env_for(name)
            self._spawn(name, "web", _gunicorn(f"{name}:create_app()", self.port(name), 1, 8), env)
            self.start_worker(name)
        console = _gunicorn("console:create_app()", self.port("console"), 1, 8)
        self._spawn("console", "web", console, self.env_for("console"))
        gateway_app = _gunicorn(
            "gateway:create_app()",
            self.port("gateway"),
            2,
            16,
            conf="gateway.gunicorn_conf",
            internal_port=self.port("gateway-internal"),
        )
        self._spawn("gateway", "web", gateway_app, self.env_for("gateway"))

    def start_worker(self, name: str) -> None:
        """The service's background processes: its worker; for the registry on PostgreSQL also
        a second consumer of import batches (`import-worker`): the registry was the slowest
        stage of a large import (SQLite, make up, keeps one writer); for imports the sender,
        which reads uploaded files (docs/imports.md → Processes)."""
        for role in self.worker_roles(name):
            self._spawn(name, role, [str(BIN / "python"), "-m", name, role], self.env_for(name))

    def worker_roles(self, name: str) -> list[str]:
        if name == "registry" and self.env_for(name)["DATABASE_URL"].startswith("postgresql"):
            return ["worker", "import-worker"]
        if name == "imports":
            return ["worker", "sender"]
        if name == "notify":  # the local mail and SMS sinks, and the inbound SMTP for bounces
            return ["worker", "sinks", "inbound"]
        return ["worker"]

    def deployed_roles(self, name: str) -> list[str]:
        """The roles a deployment runs too (compose, k8s): all but the local stand-ins for
        outside systems, which a real SMTP relay and SMS provider replace there."""
        return [role for role in self.worker_roles(name) if (name, role) not in DEV_ONLY_ROLES]

    def start_on_free_ports(self, pick_offset, attempts: int = 3, timeout: float = 90) -> None:
        """Start and wait until ready; if a port of the block was taken between choosing it and
        starting (another program bound it meanwhile: seen once in CI), stop and start again on
        the block `pick_offset()` gives."""
        for attempt in range(1, attempts + 1):
            self.start()
            try:
                self.wait_ready(timeout=timeout)
                return
            except RuntimeError as exc:
                if not _port_taken(str(exc)) or attempt == attempts:
                    raise
                self.stop()
                self.port_offset = pick_offset()

    def wait_ready(self, timeout: float = 60) -> None:
        """The gateway answers /health and every web process of *this* stack listens: another
        suite on the same port (a second test run) could answer /health for ours."""
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            self._fail_if_exited()
            try:
                last = requests.get(f"{self.gateway_url}/health", timeout=2)
                if last.status_code == 200 and not self._not_listening():
                    return
            except requests.RequestException as exc:
                last = exc
            time.sleep(0.3)
        waiting = ", ".join(self._not_listening()) or _describe(last)
        raise RuntimeError(f"the suite did not become ready in {timeout}s: {waiting}")

    def _fail_if_exited(self) -> None:
        for name, (pid, offset) in self.started.items():
            if not _alive(pid):
                tail = self._log_since(name, offset)[-600:]
                raise RuntimeError(f"{name} exited while starting:\n{tail}")

    def _not_listening(self) -> list[str]:
        """Web processes started here whose gunicorn has not yet said it listens, and notify's
        sinks and inbound SMTP while their ports do not answer yet."""
        waiting = [
            name
            for name, (_pid, offset) in self.started.items()
            if name.endswith("-web") and "Listening at:" not in self._log_since(name, offset)
        ]
        for role, ports in (("sinks", NOTIFY_SINK_PORTS[:2]), ("inbound", NOTIFY_SINK_PORTS[2:])):
            if f"notify-{role}" in self.started and not all(
                _answers(port + self.port_offset) for port in ports
            ):
                waiting.append(f"notify-{role}")
        return waiting

    def _log_since(self, name: str, offset: int) -> str:
        with open(self.var / "log" / f"{name}.log", "rb") as log_file:
            log_file.seek(offset)
            return log_file.read().decode(errors="replace")

    def stop(self) -> None:
        pids = self._pids()
        for pid in pids.values():
            _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids.values()):
            time.sleep(0.1)
        for pid in pids.values():
            _signal_group(pid, signal.SIGKILL)
        (self.var / "pids.json").unlink(missing_ok=True)

    def kill(self, name: str, role: str) -> None:
        """SIGKILL, as a crash or an OOM kill would: no chance to finish anything."""
        pids = self._pids()
        pid = pids.pop(f"{name}-{role}")
        _signal_group(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(0.05)
        (self.var / "pids.json").write_text(json.dumps(pids))


def _gunicorn(
    app: str,
    port: int,
    workers: int,
    threads: int,
    conf: str = "foyer_shared.gunicorn_conf",
    internal_port: int | None = None,
) -> list[str]:
    binds = ["-b", f"{BIND_HOST}:{port}"]
    if internal_port:
        binds += ["-b", f"{BIND_HOST}:{internal_port}"]
    return [
        str(BIN / "gunicorn"),
        "-c",
        f"python:{conf}",
        "-k",
        "gthread",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        *binds,
        app,
    ]


def _port_taken(failure: str) -> bool:
    # gunicorn says "Address already in use", asyncio (notify's aiosmtpd sinks) "address ...".
    return "address already in use" in failure.lower() or "Can't connect to" in failure


def _describe(last) -> str:
    if isinstance(last, requests.Response):
        return f"{last.status_code} {last.text[:300]}"
    return repr(last)


def _alive(pid: int) -> bool:
    try:  # reap it if it is our own child, or a dead process would linger as a zombie
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def ensure_journal_keys(folder: Path) -> Path:
    """The registry journal's key-encryption key (docs/registry.md → Journal), made once into
    var/keys/journal-keys.json (mode 0600); outside every database."""
    import base64
    import json
    import secrets

    path = folder / "journal-keys.json"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        path.write_text(json.dumps({"active": "local-1", "keys": {"local-1": key}}))
        path.chmod(0o600)
    return path


def ensure_context_keys(folder: Path) -> None:
    """The gateway's Ed25519 key pair for access contexts; made once, kept in var/keys."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private, public = folder / "context_private.pem", folder / "context_public.pem"
    if private.exists() and public.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    private.chmod(0o600)
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM,
            serialization.PublicFormat.SubjectPublicKeyInfo,
        )
    )


def notify_sinks_env(var: Path, offset: int) -> dict[str, str]:
    """notify sends to the local sinks by default (docs/notify.md → Local sinks)."""
    smtp, sms, inbound = (
        NOTIFY_SINK_PORTS[0] + offset,
        NOTIFY_SINK_PORTS[1] + offset,
        NOTIFY_SINK_PORTS[2] + offset,
    )
    return {
        "FOYER_SINK_FOLDER": str(var),
        "FOYER_SMTP_HOST": "127.0.0.1",
        "FOYER_SMTP_PORT": str(smtp),
        "FOYER_SMS_URL": f"http://127.0.0.1:{sms}/sms",
        "FOYER_INBOUND_SMTP_PORT": str(inbound),
    }


def owner_password(var: Path, environ=os.environ) -> str:
    """The first owner's password: FOYER_OWNER_PASSWORD when set (as the README promises),
    else one generated once into var/owner-password.txt (mode 0600)."""
    chosen = environ.get("FOYER_OWNER_PASSWORD", "").strip()
    if chosen:
        return chosen
    password_file = var / "owner-password.txt"
    if not password_file.exists():
        import secrets

        var.mkdir(parents=True, exist_ok=True)
        password_file.write_text(secrets.token_urlsafe(12))
        password_file.chmod(0o600)
    return password_file.read_text().strip()


def _local_stack(var: Path = ROOT / "var", environ=os.environ) -> Stack:
    # FOYER_OWNER_EMAIL (and FOYER_OWNER_USERNAME) reach identity from the environment as they
    # are; the password is the one setting devstack fills in itself.
    return Stack(var=var, common_env={"FOYER_OWNER_PASSWORD": owner_password(var, environ)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["up", "down"])
    command = parser.parse_args().command
    stack = _local_stack()
    if command == "down":
        stack.stop()
        print("Foyer stopped.")
        return
    if stack._pids():
        stack.stop()  # a second `make up` restarts rather than doubling every process
    ensure_context_keys(stack.var / "keys")
    stack.migrate()
    stack.start()
    stack.wait_ready()
    password = stack.common_env["FOYER_OWNER_PASSWORD"]
    if os.environ.get("FOYER_OWNER_PASSWORD", "").strip():
        password = "<your FOYER_OWNER_PASSWORD>"  # the user's own: not echoed to the terminal
    username = os.environ.get("FOYER_OWNER_USERNAME") or "owner"
    print(f"""
Foyer is running: open {stack.gateway_url}/ in a browser (the console) and log in as
  owner / {password}
API docs: {stack.gateway_url}/api/docs
Metrics and per-service health (this machine only): {stack.gateway_internal_url}/metrics, /health
From the command line, the owner's token:
  curl -s -X POST {stack.gateway_url}/api/identity/auth/login \\
       -H 'Content-Type: application/json' \\
       -d '{{"username": "{username}", "password": "{password}"}}'
(The owner is made at the first start: FOYER_OWNER_* set later change nobody's account.)
Mail notify sends: var/mail/*.eml (SMTP sink 127.0.0.1:{NOTIFY_SINK_PORTS[0]})
SMS notify sends:  var/sms/*.json (SMS sink http://127.0.0.1:{NOTIFY_SINK_PORTS[1]}/sms)
Logs: var/log/   Stop: make down""")


if __name__ == "__main__":
    main()
