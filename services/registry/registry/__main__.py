"""`python -m registry migrate|worker`."""

from pathlib import Path

from foyer_shared.cli import relay_only, service_main
from registry.models import messaging
from registry.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    service_main(Settings.from_env(), MIGRATIONS, relay_only(messaging))
