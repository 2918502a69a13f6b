"""The console against a fake gateway: the pages' logic without any process or network."""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console import create_app  # noqa: E402
from console.settings import Settings  # noqa: E402
from console_fakes import FakeGateway, csrf_of, token  # noqa: E402


@pytest.fixture
def gateway() -> FakeGateway:
    fake = FakeGateway()
    fake.on(
        "POST", "/api/identity/auth/login", 200, {"access_token": token(), "refresh_token": "r1"}
    )
    return fake


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates shared by every test's app: each app has its own Jinja environment,
    and compiling the templates again for each of ~500 tests was most of their time."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


@pytest.fixture
def app(gateway, tmp_path):
    settings = Settings(secret_key="test-key", cookie_secure=False, log_level="WARNING")
    app = create_app(settings, gateway=gateway)
    app.jinja_env.bytecode_cache = _BYTECODE
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def signed_in(client):
    """A client that has logged in through the form."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"csrf_token": csrf_of(page.text), "username": "anna", "password": "pw"},
    )
    assert response.status_code == 302, response.text
    return client
