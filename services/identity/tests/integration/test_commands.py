"""`python -m identity migrate|bootstrap|rotate-keys` as an operator runs them, on SQLite."""

import dataclasses
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from foyer_shared.db import Database
from identity.settings import Settings
from identity.use_cases import keys


def run(command: str, url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FOYER_OWNER_PASSWORD": "owner-passphrase-42",
        "FOYER_OWNER_EMAIL": "boss@example.se",
    }
    subprocess.run(
        [sys.executable, "-m", "identity", command],
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_migrate_twice_and_bootstrap_make_one_owner_one_event_one_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    for command in ("migrate", "migrate", "bootstrap"):
        run(command, url)
    engine = create_engine(url)
    with engine.connect() as connection:
        users = connection.execute(text("select username, email, status from users")).all()
        roles = connection.execute(text("select role from user_roles")).scalars().all()
        events = connection.execute(text("select routing_key, body from outbox")).all()
        key_count = connection.execute(text("select count(*) from signing_keys")).scalar()
    engine.dispose()
    assert users == [("owner", "boss@example.se", "active")] and roles == ["owner"]
    assert [row.routing_key for row in events] == ["identity.user.created"]
    assert "passphrase" not in events[0].body and "argon2" not in events[0].body
    assert key_count == 1


def test_rotate_keys_keeps_the_previous_key_published(tmp_path):
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    run("migrate", url)
    run("rotate-keys", url)
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = connection.execute(
            text("select kid, retired_at from signing_keys order by created_at")
        ).all()
        audit = connection.execute(text("select kind from audit_entries")).scalars().all()
    engine.dispose()
    assert len(stored) == 2 and stored[0].retired_at is not None and stored[1].retired_at is None
    assert "keys.rotated" in audit
    database = Database(url)
    with database.read_only() as session:
        published = {key["kid"] for key in keys.public_jwks(session, Settings())["keys"]}
    database.dispose()
    assert published == {stored[0].kid, stored[1].kid}


def test_signing_keys_are_encrypted_at_rest_with_a_passphrase(tmp_path):
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    run("migrate", url)  # the first key, made without a passphrase
    locked = Settings(database_url=url, signing_key_passphrase="operator secret 1")
    database = Database(url)
    try:
        with database.transaction() as session:
            new = keys.rotate_keys(session, locked)
        assert new.private_pem.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        with database.read_only() as session:
            assert len(keys.public_jwks(session, locked)["keys"]) == 2  # plain and encrypted
            with pytest.raises(keys.KeyLocked):
                keys.public_jwks(session, dataclasses.replace(locked, signing_key_passphrase=""))
            with pytest.raises(keys.KeyLocked):
                keys.public_jwks(
                    session, dataclasses.replace(locked, signing_key_passphrase="wrong")
                )
    finally:
        database.dispose()
