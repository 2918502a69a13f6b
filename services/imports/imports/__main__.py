"""`python -m imports migrate|worker`."""

from pathlib import Path

from foyer_shared.cli import relay_only, service_main
from imports.models import messaging
from imports.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"

if __name__ == "__main__":
    # Consumes nothing yet: the worker only relays the outbox.
    service_main(Settings.from_env(), MIGRATIONS, relay_only(messaging))
