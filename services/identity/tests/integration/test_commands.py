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
