"""Pytest fixtures every service's tests need, written once (settings, app, db, client, as_staff).

Use in a service's tests/conftest.py:
    settings, app, db, client, as_staff = service_fixtures(
        "crm", create_app, Settings, Base, MIGRATIONS
    )
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from foyer_shared.db import make_engine
from foyer_shared.migrations import alembic_config, upgrade
from foyer_testing.headers import context_headers
from foyer_testing.resources import truncate_all


def service_fixtures(service: str, create_app, settings_cls, base, migrations: Path, **settings):
    @pytest.fixture(scope="session", name="settings")
    def settings_fixture(pg_database, amqp_url, context_keys):
        url = pg_database(service)
        upgrade(migrations, url)
        return settings_cls(
            database_url=url,
            amqp_url=amqp_url,
            context_public_key_file=str(context_keys[1]),
            **settings,
        )

    @pytest.fixture(scope="session", name="app")
    def app_fixture(settings):
        return create_app(settings)

    @pytest.fixture(name="db")
    def db_fixture(app):
        """The app's database; every table is emptied after the test."""
        database = app.extensions["foyer_db"]
        yield database
        truncate_all(database, base.metadata)

    @pytest.fixture(name="client")
    def client_fixture(app, db):
        return app.test_client()

    @pytest.fixture(name="as_staff")
    def as_staff_fixture(context_keys):
        """Headers as the gateway sends them: as_staff(method, path, *permissions, **extra)."""

        def headers(method: str, path: str, *permissions: str, **extra) -> dict[str, str]:
            return context_headers(
                context_keys[0],
                service=service,
                method=method,
                path=path,
                permissions=permissions,
                **extra,
            )

        return headers

    return settings_fixture, app_fixture, db_fixture, client_fixture, as_staff_fixture


def migration_round_trip(service: str, migrations: Path, expected_tables: set[str]):
    """A test: the migrations run up, down and up again on PostgreSQL and on SQLite."""

    @pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
    def test_upgrade_downgrade_upgrade(backend, pg_database, tmp_path):
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / (service + '.db')}"
        else:
            url = pg_database(f"{service}_migrations")
        config = alembic_config(migrations, url)
        command.upgrade(config, "head")
        command.downgrade(config, "base")
        command.upgrade(config, "head")
        engine = make_engine(url)
        try:
            found = inspect(engine)
            assert expected_tables | {"outbox", "inbox"} <= set(found.get_table_names())
            # The relay deletes old inbox records by age (foyer_shared.messaging.tables).
            assert "ix_inbox_processed_at" in {i["name"] for i in found.get_indexes("inbox")}
        finally:
            engine.dispose()

    return test_upgrade_downgrade_upgrade


def models_match_migrations(
    service: str,
    migrations: Path,
    metadata,
    postgresql_only_indexes: frozenset[str] = frozenset(),
    postgresql_only_columns: frozenset[str] = frozenset(),
):
    """A test: on PostgreSQL, the schema the migrations build is the one the models declare.

    Catches a column, index or key added to a model without its migration (or left behind by
    one). Indexes a migration creates on PostgreSQL alone (trigram GIN indexes, which the models
    cannot declare portably) are named and ignored, as are columns PostgreSQL alone computes
    ("table.column": the registry's name slice). SQLite is not compared: its reflection reports
    unique indexes as constraints and keeps the keys PostgreSQL dropped for speed.
    """

    def explained(difference) -> bool:
        if difference[0] == "remove_index":
            return difference[1].name in postgresql_only_indexes
        if difference[0] == "remove_column":
            return f"{difference[2]}.{difference[3].name}" in postgresql_only_columns
        return False

    def test_models_match_migrations(pg_database):
        url = pg_database(f"{service}_drift")
        command.upgrade(alembic_config(migrations, url), "head")
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), metadata)
        finally:
            engine.dispose()
        unexplained = [difference for difference in differences if not explained(difference)]
        assert unexplained == []

    return test_models_match_migrations
