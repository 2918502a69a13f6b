"""`python -m registry migrate|worker|import-worker`."""

from pathlib import Path

from foyer_shared.cli import service_main
from registry.settings import Settings
from registry.worker import run_import_worker, worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    service_main(
        Settings.from_env(),
        MIGRATIONS,
        worker_loops,
        extra_commands={"import-worker": run_import_worker},
    )
