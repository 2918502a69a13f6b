"""Settings are typed, frozen and read from the environment once."""

import dataclasses

import pytest

from foyer_shared.settings import ServiceSettings


def test_reads_well_known_and_prefixed_names_with_types():
    settings = ServiceSettings.from_env(
        "registry",
        {
            "DATABASE_URL": "postgresql://db/x",
            "FOYER_CONSUMER_PREFETCH": "7",
            "FOYER_OUTBOX_POLL_SECONDS": "0.5",
            "FOYER_READY_CHECKS_BROKER": "false",
        },
    )
    assert settings.database_url == "postgresql://db/x"
    assert settings.consumer_prefetch == 7
    assert settings.outbox_poll_seconds == 0.5
    assert settings.ready_checks_broker is False


def test_defaults_to_an_sqlite_file_per_service():
    assert ServiceSettings.from_env("crm", {}).database_url == "sqlite:///var/crm.db"


def test_is_frozen():
    settings = ServiceSettings(service="crm")
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.database_url = "x"  # type: ignore[misc]


def test_bad_number_is_refused_at_start():
    with pytest.raises(ValueError):
        ServiceSettings.from_env("crm", {"FOYER_CONSUMER_PREFETCH": "many"})


def test_the_connection_pool_is_sized_from_the_environment_and_sqlite_ignores_it():
    from foyer_shared.db import Database

    settings = ServiceSettings.from_env(
        "demo",
        env={
            "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/postgres",
            "FOYER_DB_POOL_SIZE": "2",
            "FOYER_DB_MAX_OVERFLOW": "3",
        },
    )
    pool = Database(settings.database_url, **settings.pool_options()).engine.pool
    assert (pool.size(), pool._max_overflow) == (2, 3)
    assert Database("sqlite:///:memory:", **settings.pool_options()).engine.dialect.name == "sqlite"
