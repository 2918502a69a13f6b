"""The suite's starter trusts only its own processes: another suite answering on the same port
(a second test run on the machine) must not pass for ours."""

from __future__ import annotations

import http.server
import socket
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "infra"))
import devstack  # noqa: E402


class _Healthy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_gateway_that_cannot_bind_fails_the_start_even_if_its_port_answers(tmp_path):
    port = _free_port()
    other_suite = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Healthy)
    threading.Thread(target=other_suite.serve_forever, daemon=True).start()
    stack = devstack.Stack(var=tmp_path, port_offset=port - devstack.GATEWAY_PORT)
    try:
        stack._spawn(
            "gateway",
            "web",
            devstack._gunicorn("gateway:create_app()", port, 1, 1, conf="gateway.gunicorn_conf"),
            stack.env_for("gateway"),
        )
        with pytest.raises(RuntimeError, match="gateway-web exited while starting"):
            stack.wait_ready(timeout=30)
    finally:
        stack.stop()
        other_suite.shutdown()


class _StartsTwice(devstack.Stack):
    """A suite whose first start finds a port taken: what start_on_free_ports must survive.
    Starting real processes twice would take half a minute; the decision is what is tested."""

    def __init__(self, var, failure: str):
        super().__init__(var=var, port_offset=100)
        self.failure, self.starts, self.stops = failure, [], 0

    def start(self):
        self.starts.append(self.port_offset)

    def wait_ready(self, timeout=60):
        if len(self.starts) == 1:
            raise RuntimeError(f"identity-web exited while starting:\n{self.failure}")

    def stop(self):
        self.stops += 1


def test_a_suite_whose_port_was_taken_starts_again_on_another_block(tmp_path):
    stack = _StartsTwice(
        tmp_path,
        "[ERROR] connection to ('127.0.0.1', 8181) failed: [Errno 98] Address already in use",
    )
    stack.start_on_free_ports(lambda: 900)
    assert (stack.starts, stack.stops, stack.port_offset) == ([100, 900], 1, 900)


def test_a_suite_that_fails_for_another_reason_is_not_started_again(tmp_path):
    stack = _StartsTwice(tmp_path, "ModuleNotFoundError: No module named 'identity'")
    with pytest.raises(RuntimeError, match="ModuleNotFoundError"):
        stack.start_on_free_ports(lambda: 900)
    assert stack.starts == [100]


def test_make_up_creates_the_owner_from_foyer_owner_email_and_password(tmp_path, monkeypatch):
    """The README promises FOYER_OWNER_EMAIL / FOYER_OWNER_PASSWORD set before the first start
    choose the owner's; devstack used to write a generated password over them (issue 23 §14)."""
    import sqlite3
    import subprocess

    from argon2 import PasswordHasher

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("FOYER_OWNER_EMAIL", "boss@example.se")
    monkeypatch.setenv("FOYER_OWNER_PASSWORD", "my own secret 42")
    stack = devstack._local_stack(var=tmp_path)
    assert not (tmp_path / "owner-password.txt").exists()  # nothing generated
    env = stack.env_for("identity")
    assert env["FOYER_OWNER_PASSWORD"] == "my own secret 42"
    subprocess.run(
        [str(devstack.BIN / "python"), "-m", "identity", "migrate"],
        cwd=devstack.ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(tmp_path / "identity.db") as db:
        email, digest = db.execute(
            "SELECT email, password_hash FROM users WHERE username = 'owner'"
        ).fetchone()
    assert email == "boss@example.se"
    assert PasswordHasher().verify(digest, "my own secret 42")
    assert "FOYER_OWNER_PASSWORD" not in stack.env_for("registry")  # identity's alone


def test_without_foyer_owner_password_one_is_generated_once(tmp_path, monkeypatch):
    monkeypatch.delenv("FOYER_OWNER_PASSWORD", raising=False)
    first = devstack._local_stack(var=tmp_path).common_env["FOYER_OWNER_PASSWORD"]
    assert (tmp_path / "owner-password.txt").read_text() == first
    assert (tmp_path / "owner-password.txt").stat().st_mode & 0o777 == 0o600
    assert devstack._local_stack(var=tmp_path).common_env["FOYER_OWNER_PASSWORD"] == first


def test_the_e2e_port_blocks_cover_notifys_sinks_and_stay_below_the_ephemeral_range(
    tmp_path, monkeypatch
):
    """`make up` listens on 9025-9027 too (notify's SMTP and SMS sinks, its inbound SMTP): an
    e2e suite must find those free at its offset, point notify at them, and stay below 32768."""
    assert set(devstack.NOTIFY_SINK_PORTS) <= set(devstack.suite_ports())
    with monkeypatch.context() as m:  # the draw's highest value: still below the range
        # Every port counts as free here: whether this machine has one of that block busy at
        # this moment is not what is checked (CI once had, and the fixed draw could not move).
        m.setattr(devstack, "_port_is_free", lambda port: True)
        m.setattr(devstack.random, "randrange", lambda lowest, highest: highest - 1)
        offset = devstack.free_port_offset()
        assert max(devstack.suite_ports()) + offset < devstack.EPHEMERAL_PORTS_START
        assert devstack.free_port_offset(200, 10_000) == offset
    offset = devstack.free_port_offset()
    env = devstack.Stack(var=tmp_path, port_offset=offset).env_for("notify")
    smtp, sms, inbound = (port + offset for port in devstack.NOTIFY_SINK_PORTS)
    assert env["FOYER_SMTP_PORT"] == str(smtp)
    assert env["FOYER_SMS_URL"] == f"http://127.0.0.1:{sms}/sms"
    assert env["FOYER_INBOUND_SMTP_PORT"] == str(inbound)


def test_an_offset_with_one_port_taken_is_passed_over(monkeypatch):
    """One busy port of a block (another suite's notify sink, say) makes the next draw count."""
    draws = iter([30, 31])
    busy = {devstack.NOTIFY_SINK_PORTS[1] + 3000}
    monkeypatch.setattr(devstack.random, "randrange", lambda lowest, highest: next(draws))
    monkeypatch.setattr(devstack, "_port_is_free", lambda port: port not in busy)
    assert devstack.free_port_offset() == 3100


def test_an_offset_that_puts_a_port_where_browsers_refuse_it_is_passed_over(monkeypatch):
    """Offset 2000 puts the gateway on 10080, which Chromium refuses (ERR_UNSAFE_PORT): every
    console test of that run failed at its first page, so that draw must not count."""
    draws = iter([20, 21])
    monkeypatch.setattr(devstack.random, "randrange", lambda lowest, highest: next(draws))
    monkeypatch.setattr(devstack, "_port_is_free", lambda port: True)
    assert devstack.GATEWAY_PORT + 2000 in devstack.BROWSER_UNSAFE_PORTS
    assert devstack.free_port_offset() == 2100


def test_asyncios_address_in_use_counts_as_a_taken_port():
    failure = (
        "OSError: [Errno 98] error while attempting to bind on address "
        "('127.0.0.1', 9025): address already in use"
    )
    assert devstack._port_taken(failure)


def test_migrations_run_for_every_service_and_a_failure_names_its_service(tmp_path, monkeypatch):
    """The five services migrate at once (each its own SQLite file here); one that cannot reach
    its database fails the start with its name."""
    import sqlite3

    monkeypatch.delenv("DATABASE_URL", raising=False)
    stack = devstack._local_stack(var=tmp_path)
    stack.migrate()
    for name in devstack.SERVICES:
        with sqlite3.connect(tmp_path / f"{name}.db") as db:
            assert db.execute("SELECT version_num FROM alembic_version").fetchone()
    broken = devstack._local_stack(var=tmp_path / "broken")
    broken.service_env["crm"] = {"DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/crm.db"}
    with pytest.raises(RuntimeError, match=r"migrations failed: crm \("):
        broken.migrate()
