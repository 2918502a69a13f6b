"""The permission catalogue reads services' OpenAPI documents, and falls back when they are down."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from identity.settings import Settings
from identity.use_cases import catalogue

DOCUMENT = {
    "paths": {
        "/wands": {
            "get": {"summary": "List wands", "x-permission": "magic.wands.read"},
            "post": {"summary": "Make a wand", "x-permission": "magic.wands.write"},
        },
        "/internal/x": {"get": {"x-permission": "internal"}},
        "/health": {"get": {"x-permission": "public"}},
    }
}


@pytest.fixture()
def openapi_server():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            body = json.dumps(DOCUMENT).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/openapi.json"
    server.shutdown()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings(*sources: str) -> Settings:
    return Settings(
        database_url="sqlite://", permission_sources=sources, permission_fetch_timeout=1.0
    )


def test_declared_permissions_come_from_the_service_document(openapi_server):
    entries = {e["permission"]: e for e in catalogue.catalogue(settings(f"magic={openapi_server}"))}
    assert entries["magic.wands.read"]["service"] == "magic"
    assert entries["magic.wands.read"]["description"] == "List wands"
    assert "internal" not in entries and "public" not in entries
    assert "registry.persons.read" in entries  # the shipped list is still there
    catalogue.ensure_known(["magic.wands.write"], settings(f"magic={openapi_server}"))


def test_unreachable_service_falls_back_to_the_shipped_list():
    unreachable = settings(f"magic=http://127.0.0.1:{free_port()}/openapi.json")
    names = {e["permission"] for e in catalogue.catalogue(unreachable)}
    assert "registry.persons.read" in names and "magic.wands.read" not in names
    with pytest.raises(catalogue.UnknownPermission) as caught:
        catalogue.ensure_known(["magic.wands.read"], unreachable)
    assert caught.value.field == "permissions" and "magic.wands.read" in str(caught.value)


def test_identity_own_document_counts():
    own = {"paths": {"/x": {"get": {"summary": "X", "x-permission": "identity.things.read"}}}}
    names = {e["permission"] for e in catalogue.catalogue(settings(), own)}
    assert "identity.things.read" in names
