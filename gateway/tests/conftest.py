"""A real gateway in front of real (fake) upstreams, all over HTTP on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import socket
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway import create_app
from gateway.settings import Settings


def _load_fakes():
    # Loaded by path: with --import-mode=importlib the tests folder is not an importable package.
    spec = importlib.util.spec_from_file_location(
        "gateway_test_fakes", Path(__file__).with_name("fakes.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fakes = _load_fakes()
KID, Server = fakes.KID, fakes.Server
echo_service_app, identity_app = fakes.echo_service_app, fakes.identity_app

ROUTES = """
[defaults]
connect_timeout = 0.5
read_timeout = 5.0
retry_idempotent = true
max_body_bytes = 4000000

[routes.identity]
upstream = "identity"
[routes.registry]
upstream = "registry"
read_timeout = 1.0
[routes.crm]
upstream = "crm"
[routes.imports]
upstream = "imports"
[routes.notify]
upstream = "notify"
"""


def _dead_url() -> str:
    """A port nobody listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(scope="session")
def token_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="session")
def stack(context_keys, token_key, tmp_path_factory):
    """Upstreams + gateway; crm never runs, imports is stopped by the test that needs it."""
    public_pem = context_keys[1].read_text()
    identity = identity_app(token_key.public_key(), public_pem)
    servers = {
        "identity": Server(identity),
        "registry": Server(echo_service_app("registry", public_pem)),
        "imports": Server(echo_service_app("imports", public_pem)),
        "notify": Server(echo_service_app("notify", public_pem)),
    }
    routes = tmp_path_factory.mktemp("gateway") / "routes.toml"
    routes.write_text(ROUTES)
    urls = {f"upstream_{name}": server.url for name, server in servers.items()}
    settings = Settings(
        **urls,
        upstream_crm=_dead_url(),
        context_private_key_file=str(context_keys[0]),
        routes_file=str(routes),
        ready_checks_broker=False,
    )
    gateway = Server(create_app(settings))
    yield {"gateway": gateway.url, "identity": identity, "servers": servers}
    for server in [gateway, *servers.values()]:
        server.stop()


@pytest.fixture(scope="session")
def gateway(stack) -> str:
    return stack["gateway"]


@pytest.fixture(scope="session")
def make_token(token_key):
    """make_token(sub, **changes) -> a bearer header value; changes override claims/key/alg."""

    def make(sub="u-reader", *, key=token_key, algorithm="EdDSA", kid=KID, **claims):
        now = int(time.time())
        payload = {
            "sub": sub,
            "iss": "foyer-identity",
            "aud": "foyer",
            "iat": now,
            "exp": now + 900,
            **claims,
        }
        token = jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid})
        return f"Bearer {token}"

    return make
