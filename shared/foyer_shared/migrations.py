"""Alembic glue: each service keeps its own migrations; this runs them the same way everywhere."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, engine_from_config, pool, text

from foyer_shared.db import _normalise_url


def alembic_config(migrations_dir: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", _normalise_url(database_url).replace("%", "%%"))
    return config


def upgrade(migrations_dir: Path, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(migrations_dir, database_url), revision)


# One database per service, so one constant key: "migrations" in the database's own lock space.
MIGRATION_LOCK_KEY = 0x666F796572  # "foyer"


@contextlib.contextmanager
def migration_lock(database_url: str) -> Iterator[None]:
    """Hold PostgreSQL's session advisory lock while migrating, so that pods started together
    (`kubectl apply`, two replicas, web and worker) take turns: the first migrates, the others
    wait and then find the schema current. Released when the block ends or the process dies
    (the connection closes). SQLite has one writer and nothing to lock."""
    url = _normalise_url(database_url)
    if not url.startswith("postgresql"):
        yield
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()  # the session lock outlives the transaction; none stays open
            try:
                yield
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
                connection.commit()
    finally:
        engine.dispose()


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's migrations/env.py (online mode only)."""
    config = context.config
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def set_toast_compression(method: str, columns: tuple[tuple[str, str], ...]) -> None:
    """PostgreSQL's compression for large values of (table, column): lz4 is several times
    cheaper than the default pglz for the outbox's large message bodies. A server built
    without lz4, and SQLite, keep what they have. Call inside a migration."""
    from alembic import op
    from sqlalchemy import text

    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.scalar(
        text(
            "SELECT :method = ANY(enumvals) FROM pg_settings "
            "WHERE name = 'default_toast_compression'"
        ),
        {"method": method},
    )
    if available:
        for table, column in columns:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


INBOX_AGE_INDEX = "ix_inbox_processed_at"


def index_inbox_by_age() -> None:
    """Every service's migration for the inbox's processed_at index (the relay deletes old
    records by it; foyer_shared.messaging.tables declares it). Call inside a migration."""
    from alembic import op

    op.create_index(INBOX_AGE_INDEX, "inbox", ["processed_at"])


def unindex_inbox_by_age() -> None:
    from alembic import op

    op.drop_index(INBOX_AGE_INDEX, table_name="inbox")
