"""Session-wide test resources: one RabbitMQ vhost and throw-away PostgreSQL databases per run."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import foyer_testing as testing
from foyer_shared import contracts


def pytest_configure(config):
    # Every payload a test publishes is checked against its declaration (events.py).
    contracts.check_published(True)


@pytest.fixture(scope="session")
def run_id() -> str:
    return testing.run_id()


@pytest.fixture(scope="session")
def amqp_url(run_id):
    vhost = f"foyer_test_{run_id}"
    url = testing.create_vhost(vhost)
    yield url
    testing.delete_vhost(vhost)


@pytest.fixture(scope="session")
def pg_database(run_id):
    """Factory: pg_database("registry") -> URL of an empty database, dropped after the run."""
    created: list[str] = []

    def make(name: str) -> str:
        db_name = f"foyer_test_{run_id}_{name}"
        created.append(db_name)
        return testing.create_pg_database(db_name)

    yield make
    for db_name in created:
        testing.drop_pg_database(db_name)


@pytest.fixture(scope="session")
def context_keys(tmp_path_factory):
    """The gateway's access-context key pair, as PEM files: (private_path, public_path)."""
    folder = tmp_path_factory.mktemp("keys")
    key = Ed25519PrivateKey.generate()
    private = folder / "context_private.pem"
    public = folder / "context_public.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public
