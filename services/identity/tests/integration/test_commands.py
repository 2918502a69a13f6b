"""`python -m identity migrate|bootstrap` as an operator runs them, on a SQLite file."""

import os
import subprocess
import sys

from sqlalchemy import create_engine, text


def run(command: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "FOYER_OWNER_PASSWORD": "owner-passphrase-42",
           "FOYER_OWNER_EMAIL": "boss@example.se"}
    subprocess.run([sys.executable, "-m", "identity", command], env=env, check=True,
                   capture_output=True, timeout=60)


def test_migrate_twice_and_bootstrap_make_one_owner_one_event_one_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    for command in ("migrate", "migrate", "bootstrap"):
        run(command, url)
    engine = create_engine(url)
    with engine.connect() as connection:
        users = connection.execute(text("select username, email, status from users")).all()
        roles = connection.execute(text("select role from user_roles")).scalars().all()
        events = connection.execute(text("select routing_key, body from outbox")).all()
        keys = connection.execute(text("select count(*) from signing_keys")).scalar()
    engine.dispose()
    assert users == [("owner", "boss@example.se", "active")] and roles == ["owner"]
    assert [row.routing_key for row in events] == ["identity.user.created"]
    assert "passphrase" not in events[0].body and "argon2" not in events[0].body
    assert keys == 1


def test_rotate_keys_keeps_the_previous_key_published(tmp_path):
    url = f"sqlite:///{tmp_path / 'identity.db'}"
    run("migrate", url)
    run("rotate-keys", url)
    engine = create_engine(url)
    with engine.connect() as connection:
        keys = connection.execute(
            text("select kid, retired_at from signing_keys order by created_at")).all()
        audit = connection.execute(text("select kind from audit_entries")).scalars().all()
    engine.dispose()
    assert len(keys) == 2 and keys[0].retired_at is not None and keys[1].retired_at is None
    assert "keys.rotated" in audit
    from foyer_shared.db import Database
    from identity import tokens
    from identity.settings import Settings

    database = Database(url)
    with database.read_only() as session:
        published = {key["kid"] for key in tokens.public_jwks(session, Settings())["keys"]}
    database.dispose()
    assert published == {keys[0].kid, keys[1].kid}
