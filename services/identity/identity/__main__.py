"""`python -m identity migrate|bootstrap|rotate-keys|worker`; migrate creates the first owner."""

from pathlib import Path

from foyer_shared.cli import one_shot, service_main
from identity.settings import Settings
from identity.use_cases import keys
from identity.use_cases.accounts import bootstrap_owner
from identity.worker import worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"


@one_shot
def _bootstrap(settings, database) -> None:
    keys.ensure_key(database, settings)
    bootstrap_owner(database, settings)


@one_shot
def _rotate_keys(settings, database) -> None:
    key = keys.rotate(database, settings)
    print(f"signing key rotated; new kid {key.kid}")


if __name__ == "__main__":
    service_main(
        Settings.from_env(),
        MIGRATIONS,
        worker_loops,
        extra_commands={"bootstrap": _bootstrap, "rotate-keys": _rotate_keys},
        after_migrate=_bootstrap,
    )
