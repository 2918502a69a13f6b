"""`python -m registry migrate|worker|import-worker|journal-rewrap|slice-names`."""

from pathlib import Path

from foyer_shared.cli import service_main
from registry.settings import Settings
from registry.worker import run_import_worker, run_journal_rewrap, run_slice_names, worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    service_main(
        Settings.from_env(),
        MIGRATIONS,
        worker_loops,
        extra_commands={
            "import-worker": run_import_worker,
            "journal-rewrap": run_journal_rewrap,
            "slice-names": run_slice_names,
        },
    )
