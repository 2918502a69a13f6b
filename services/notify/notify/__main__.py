"""`python -m notify migrate|worker|inbound|sinks`."""

from pathlib import Path

from foyer_shared.cli import service_main
from notify.inbound import serve as inbound
from notify.settings import Settings
from notify.sinks.run import serve as sinks
from notify.worker import worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    commands = {"inbound": inbound, "sinks": sinks}
    service_main(Settings.from_env(), MIGRATIONS, worker_loops, extra_commands=commands)
