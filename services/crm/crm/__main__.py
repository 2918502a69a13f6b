"""`python -m crm migrate|worker`."""

from pathlib import Path

from crm.settings import Settings
from crm.worker import worker_loops
from foyer_shared.cli import service_main

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    service_main(Settings.from_env(), MIGRATIONS, worker_loops)
