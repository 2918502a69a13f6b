"""`python -m identity migrate|bootstrap|worker`; migrate also creates the first owner."""

from pathlib import Path

from foyer_shared.cli import relay_only, service_main
from identity.accounts import bootstrap_owner
from identity.models import messaging
from identity.settings import Settings
from identity.tokens import current_key

MIGRATIONS = Path(__file__).parent / "migrations"


def _bootstrap(settings, database) -> None:
    # A signing key before the first login: the gateway's JWKS is then never empty.
    with database.transaction() as session:
        current_key(session)
    bootstrap_owner(database, settings)


if __name__ == "__main__":
    service_main(
        Settings.from_env(),
        MIGRATIONS,
        relay_only(messaging),
        extra_commands={"bootstrap": _bootstrap},
        after_migrate=_bootstrap,
    )
