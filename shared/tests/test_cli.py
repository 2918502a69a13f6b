"""`python -m <service> <command>`: a one-shot command runs beside a worker that serves /metrics."""

from __future__ import annotations

import socket

import pytest

from foyer_shared.cli import one_shot, service_main
from foyer_shared.settings import ServiceSettings


@pytest.fixture()
def metrics_port_in_use():
    """The worker of the same container, holding the metrics port."""
    with socket.socket() as held:
        held.bind(("0.0.0.0", 0))
        held.listen()
        yield held.getsockname()[1]


def main(tmp_path, port: int, command: str, commands: dict) -> None:
    settings = ServiceSettings(
        service="svc", database_url=f"sqlite:///{tmp_path}/svc.db", metrics_port=port
    )
    service_main(settings, tmp_path, lambda *_: [], argv=[command], extra_commands=commands)


def test_a_one_shot_command_runs_while_the_worker_holds_the_metrics_port(
    tmp_path, metrics_port_in_use
):
    ran = []

    @one_shot
    def rewrap(settings, database):
        ran.append(settings.service)

    main(tmp_path, metrics_port_in_use, "rewrap", {"rewrap": rewrap})
    assert ran == ["svc"]


def test_a_long_running_command_still_serves_its_metrics(tmp_path, metrics_port_in_use):
    """Not one_shot (the registry's import-worker, the imports sender): it binds the port, so
    two of them configured on one port fail at start, not silently without metrics."""
    with pytest.raises(OSError):
        main(tmp_path, metrics_port_in_use, "sender", {"sender": lambda settings, db: None})
