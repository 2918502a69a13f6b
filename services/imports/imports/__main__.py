"""`python -m imports migrate|worker|sender`."""

from pathlib import Path

from foyer_shared.cli import service_main
from imports.settings import Settings
from imports.worker import run_sender_process, worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    service_main(
        Settings.from_env(), MIGRATIONS, worker_loops, extra_commands={"sender": run_sender_process}
    )
