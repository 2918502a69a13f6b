"""`python -m identity migrate|bootstrap|rotate-keys|worker`; migrate creates the first owner."""

from pathlib import Path

from foyer_shared.cli import service_main
from identity.domain.actor import SYSTEM
from identity.settings import Settings
from identity.use_cases import audit
from identity.use_cases.accounts import bootstrap_owner
from identity.use_cases.keys import current_key, rotate_keys
from identity.worker import worker_loops

MIGRATIONS = Path(__file__).parent / "migrations"


def _bootstrap(settings, database) -> None:
    # A signing key before the first login: the gateway's JWKS is then never empty.
    with database.transaction() as session:
        current_key(session, settings)
    bootstrap_owner(database, settings)


def _rotate_keys(settings, database) -> None:
    """New signing key now; the previous one keeps verifying until its tokens have expired."""
    with database.transaction() as session:
        key = rotate_keys(session, settings)
        audit.record(session, audit.KEYS_ROTATED, SYSTEM, kid=key.kid)
    print(f"signing key rotated; new kid {key.kid}")


if __name__ == "__main__":
    service_main(
        Settings.from_env(),
        MIGRATIONS,
        worker_loops,
        extra_commands={"bootstrap": _bootstrap, "rotate-keys": _rotate_keys},
        after_migrate=_bootstrap,
    )
