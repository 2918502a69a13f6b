"""Write a new Alembic migration for one service by comparing its models with its migrations.

Usage: .venv/bin/python infra/new_migration.py <service> "what changed"
It upgrades a throw-away SQLite database to head, then autogenerates the difference.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from foyer_shared.migrations import alembic_config

ROOT = Path(__file__).resolve().parent.parent


def main(service: str, message: str) -> None:
    migrations = ROOT / "services" / service / service / "migrations"
    (migrations / "versions").mkdir(parents=True, exist_ok=True)
    database = Path(tempfile.mkdtemp()) / "autogenerate.db"
    config = alembic_config(migrations, f"sqlite:///{database}")
    command.upgrade(config, "head")
    heads = ScriptDirectory.from_config(config).get_heads()
    next_id = f"{int(heads[0]) + 1:04d}" if heads and heads[0].isdigit() else "0001"
    command.revision(config, message=message, autogenerate=True, rev_id=next_id)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
