"""A real gateway in front of real (fake) upstreams, all over HTTP on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import os
import socket
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway import create_app
from gateway.settings import Settings


def _load(name: str):
    # Loaded by path: with --import-mode=importlib the tests folder is not an importable package.
    spec = importlib.util.spec_from_file_location(
        f"gateway_test_{name}", Path(__file__).with_name(f"{name}.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fakes, relay = _load("fakes"), _load("relay")
# FOYER_LEAN_PATH=false runs every gateway test through the Flask path alone (`make test` runs
# the suite both ways): the lean path (gateway/lean.py) must answer exactly as Flask does.
LEAN_PATH = os.environ.get("FOYER_LEAN_PATH", "true").strip().lower() not in ("0", "false", "no")
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Sockets bound and never listening, held for the session: a port merely found free could be
# taken by any server started later (CI met a "dead" crm answering ready).
_HELD: list[socket.socket] = []


def _dead_url() -> str:
    """A port nobody listens on, nor can: connections are refused at once."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD.append(sock)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(scope="session")
def token_key():
    return Ed25519PrivateKey.generate()


class Stack:
    """Fake upstreams + a real gateway over HTTP; `settings` overrides the gateway's."""

    def __init__(
        self,
        context_keys,
        token_key,
        folder,
        routes=ROUTES,
        *,
        amqp_url,
        down=("crm",),
        instances=None,
        dead=None,
        **settings,
    ):
        public_pem = context_keys[1].read_text()
        self.identity = identity_app(token_key.public_key(), public_pem)
        self.servers = {"identity": Server(self.identity)}
        urls = {"upstream_identity": self.servers["identity"].url}
        for name in ("registry", "crm", "imports", "notify"):
            if name in down:
                urls[f"upstream_{name}"] = _dead_url()
                continue
            copies = []
            for index in range((instances or {}).get(name, 1)):
                app = echo_service_app(name, public_pem)
                app.config["INSTANCE"] = f"{name}-{index}"
                key = name if index == 0 else f"{name}-{index}"
                self.servers[key] = Server(app)
                copies.append(self.servers[key].url)
            copies += [_dead_url() for _ in range((dead or {}).get(name, 0))]
            urls[f"upstream_{name}"] = ",".join(copies)
        self.registry = self.servers["registry"].app if "registry" in self.servers else None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "routes.toml").write_text(routes)
        settings.setdefault("internal_port", _free_port())
        settings.setdefault("lean_path", LEAN_PATH)
        self.settings = Settings(
            **{**urls, **settings.pop("urls", {})},
            context_private_key_file=str(context_keys[0]),
            routes_file=str(folder / "routes.toml"),
            ready_checks_broker=False,
            amqp_url=amqp_url,
            **settings,
        )
        self.app = create_app(self.settings)
        self.parts = self.app.extensions["gateway"]
        self.gateway_server = Server(self.app)
        self.url = self.gateway_server.url
        # The same app on its internal port: /metrics and the detailed /health.
        self.internal_server = Server(self.app, port=self.settings.internal_port)
        self.internal_url = self.internal_server.url
        if self.parts.events is not None:
            assert self.parts.events.connected.wait(10), "gateway event consumer did not connect"

    def stop(self):
        if self.parts.events is not None:
            self.parts.events.stop()
        for server in [self.gateway_server, self.internal_server, *self.servers.values()]:
            server.stop()


@pytest.fixture(scope="session")
def make_stack(context_keys, token_key, tmp_path_factory, amqp_url):
    made = []

    def make(**kwargs) -> Stack:
        kwargs.setdefault("amqp_url", amqp_url)
        stack = Stack(context_keys, token_key, tmp_path_factory.mktemp("gw"), **kwargs)
        made.append(stack)
        return stack

    yield make
    for stack in made:
        stack.stop()


@pytest.fixture(scope="session")
def stack(make_stack):
    """The shared stack: crm never runs, imports is stopped by the test that needs it."""
    stack = make_stack(rate_limit_login_per_address="5/minute")
    return {
        "gateway": stack.url,
        "identity": stack.identity,
        "servers": stack.servers,
        "stack": stack,
        "internal": stack.internal_url,
    }


@pytest.fixture(scope="session")
def gateway(stack) -> str:
    return stack["gateway"]


@pytest.fixture(scope="session")
def internal(stack) -> str:
    """The shared stack's internal listener (metrics, detailed health)."""
    return stack["internal"]


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


@pytest.fixture(scope="session")
def publish(amqp_url):
    """publish(type, data): a real event on foyer.events, as a service's relay would send it."""
    import pika

    from foyer_shared.envelope import Envelope
    from foyer_shared.messaging.broker import EVENTS_EXCHANGE, connect, declare_exchanges

    def send(event_type: str, data: dict) -> None:
        # A connection per event: a session-long one would miss heartbeats between tests.
        envelope = Envelope(type=event_type, source=event_type.split(".")[0], data=data)
        connection = connect(amqp_url)
        try:
            channel = connection.channel()
            declare_exchanges(channel)
            channel.basic_publish(
                EVENTS_EXCHANGE,
                event_type,
                envelope.to_bytes(),
                properties=pika.BasicProperties(delivery_mode=2, content_type="application/json"),
            )
        finally:
            connection.close()

    return send


@pytest.fixture
def new_user(stack):
    """new_user(permissions, person_id=None) -> a fresh user id the fake identity knows."""
    import uuid

    def make(permissions=("registry.persons.read",), person_id=None, roles=("member",)):
        user_id = f"u-{uuid.uuid4().hex[:8]}"
        stack["identity"].users[user_id] = {
            "permissions": list(permissions),
            "status": "active",
            "roles": list(roles),
            "person_id": person_id,
        }
        return user_id

    return make


@pytest.fixture(scope="session")
def relay_factory():
    """relay_factory(host, port) -> a TcpRelay the test can cut and restore."""
    relays = []

    def make(host, port):
        made = relay.TcpRelay(host, port)
        relays.append(made)
        return made

    yield make
    for made in relays:
        made.close()


@pytest.fixture(scope="session")
def fake_services():
    """The module of fake services, for tests that build their own upstreams."""
    return fakes
