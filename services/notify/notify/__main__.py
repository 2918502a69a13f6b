"""`python -m notify migrate|worker|sender|inbound|sinks`."""

from pathlib import Path

from foyer_shared.cli import service_main
from notify.inbound import serve as inbound
from notify.settings import Settings
from notify.sinks.run import serve as sinks
from notify.worker import senders, worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    commands = {"sender": senders, "inbound": inbound, "sinks": sinks}
    service_main(Settings.from_env(), MIGRATIONS, worker_loops, extra_commands=commands)
