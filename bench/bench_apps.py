"""A service's app for a benchmark: a throw-away database of its own, migrated to head, and a
fresh key pair for the access contexts the gateway would sign (the benchmarks sign their own)."""

from __future__ import annotations

import contextlib
import importlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import foyer_testing as testing  # noqa: E402
from foyer_shared.migrations import upgrade  # noqa: E402


def keys(folder: Path) -> tuple[Path, Path]:
    """An Ed25519 key pair as PEM files in `folder`: (private, public)."""
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private, public = folder / "private.pem", folder / "public.pem"
    private.write_bytes(key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))
    public.write_bytes(
        key.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo)
    )
    return private, public


@contextlib.contextmanager
def service_app(service: str):
    """(app, database URL, private key file) of `service` on a database made for this run and
    dropped afterwards; the app verifies contexts signed with the private key."""
    create_app = importlib.import_module(service).create_app
    settings_class = importlib.import_module(f"{service}.settings").Settings
    db_name = f"foyer_bench_{testing.run_id()}_{service}"
    url = testing.create_pg_database(db_name)
    private, public = keys(Path(tempfile.mkdtemp()))
    try:
        upgrade(ROOT / "services" / service / service / "migrations", url)
        settings = settings_class(
            database_url=url,
            context_public_key_file=str(public),
            ready_checks_broker=False,
            log_level="WARNING",
        )
        yield create_app(settings), url, private
    finally:
        testing.drop_pg_database(db_name)


def load_persons(database, count: int) -> list[str]:
    """`count` plain persons in one multi-row insert; their ids."""
    from sqlalchemy import insert

    from foyer_shared.db import new_id
    from registry.models import Person

    rows = [
        {
            "id": new_id(),
            "kind": "person",
            "first_name": f"Bench{i}",
            "last_name": "Läsare",
            "sort_name": f"läsare bench{i}",
            "search_text": f"bench{i} läsare",
            "email": f"bench{i}@example.se",
            "phone": f"+4670{i:07d}",
        }
        for i in range(count)
    ]
    with database.transaction() as session:
        session.execute(insert(Person), rows)
    return [r["id"] for r in rows]
