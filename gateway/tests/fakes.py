"""Test doubles of our own services: a fake identity and an echoing foyer_shared service."""

from __future__ import annotations

import collections
import hashlib
import json
import threading
import time

import jwt
from flask import Flask, abort, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.serving import WSGIRequestHandler, make_server

from foyer_shared.access import (
    CONTEXT_HEADER,
    INTERNAL,
    PUBLIC,
    AccessDenied,
    ContextVerifier,
    current_access,
    install_verifier,
    requires,
)
from foyer_shared.api import create_api

KID = "test-key-1"
BIG_BODY = 100_000  # bytes: more than the 64 KiB the gateway reads in one piece
DOWNLOAD_PIECES = 32  # of 64 KiB: 2 MiB
USERS = {
    "u-reader": (["registry.persons.read"], "active"),
    "u-writer": (["registry.persons.read", "registry.persons.write"], "active"),
    "u-owner": (["*"], "active"),
    "u-inactive": (["*"], "deactivated"),
    "u-cache": (["registry.persons.read"], "active"),
}
# The role catalogue the fake identity serves at GET /roles (for explain).
ROLES = [
    {"name": "owner", "permissions": ["*"]},
    {"name": "receptionist", "permissions": ["registry.persons.read", "registry.persons.write"]},
    {"name": "member", "permissions": ["registry.persons.read"]},
]


class _Http11Handler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"


class Server:
    """A real HTTP server on 127.0.0.1, port chosen by the OS, in a daemon thread."""

    def __init__(self, app, http11: bool = False, port: int = 0):
        self.app = app
        # HTTP/1.1: keep-alive and chunked bodies of unknown length (1.0 ends them by closing).
        handler = _Http11Handler if http11 else None
        self._server = make_server("127.0.0.1", port, app, threaded=True, request_handler=handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


def identity_app(token_public_key, context_public_pem: str) -> Flask:
    """JWKS from the test's key, and the internal access endpoint that counts its calls."""
    app = Flask("fake_identity")
    app.calls = collections.Counter()
    # Tests change these: user id -> {permissions, status, roles, person_id}; revoked sessions.
    app.users = {
        user: {"permissions": list(perms), "status": status, "roles": [], "person_id": None}
        for user, (perms, status) in USERS.items()
    }
    app.revoked_sessions = set()
    app.sessions_seen = []
    verifier = ContextVerifier(context_public_pem, "identity")
    jwk = {**json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(token_public_key)), "kid": KID}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "identity", "version": "1"},
        "paths": {
            "/auth/login": {"post": {"x-permission": PUBLIC, "tags": ["auth"]}},
            "/auth/password-reset": {"post": {"x-permission": PUBLIC, "tags": ["auth"]}},
            "/internal/users/{user_id}/access": {"get": {"x-permission": INTERNAL}},
            "/roles": {"get": {"x-permission": "identity.roles.read"}},
        },
    }

    @app.get("/.well-known/jwks.json")
    def jwks():
        app.calls["jwks"] += 1
        return {"keys": [jwk]}

    @app.get("/internal/users/<user_id>/access")
    def access(user_id):
        try:
            context = verifier.verify(request.headers.get(CONTEXT_HEADER), "GET", request.path)
        except AccessDenied:
            abort(401)
        if context.caller_service != "gateway":
            abort(403)
        app.calls[user_id] += 1
        app.calls["access"] += 1
        if user_id not in app.users:
            abort(404)
        session_id = request.args.get("session_id")
        app.sessions_seen.append(session_id)
        user = app.users[user_id]
        return {
            "user_id": user_id,
            "username": user_id,
            **user,
            "session_active": session_id not in app.revoked_sessions,
        }

    @app.post("/auth/login")
    @app.post("/auth/password-reset")
    def login():
        return {"access_token": "not-a-real-token"}

    @app.get("/roles")
    def roles():
        try:
            context = verifier.verify(request.headers.get(CONTEXT_HEADER), "GET", request.path)
        except AccessDenied:
            abort(401)
        if not context.grants("identity.roles.read"):
            abort(403)
        return {"items": ROLES}

    app.add_url_rule("/openapi.json", "doc", lambda: doc)
    app.add_url_rule("/ready", "ready", lambda: {"status": "ready"})
    return app


def _echo(**extra):
    body = request.get_data()
    return {
        "instance": current_app.config.get("INSTANCE"),
        "method": request.method,
        "path": request.path,
        "query": request.query_string.decode("latin-1"),
        "headers": dict(request.headers),
        "body_length": len(body),
        "body_sha256": hashlib.sha256(body).hexdigest(),
        **extra,
    }


def echo_service_app(service: str, context_public_pem: str) -> Flask:  # noqa: C901 (to split: docs/architecture.md)
    """A tiny flask-smorest service built like ours: requires(...) on every endpoint."""
    app = Flask(f"fake_{service}")
    app.calls = collections.Counter()
    app.scopes = {}  # person id -> {groups_led, family_rights}
    app.name_tag = service
    install_verifier(app, ContextVerifier(context_public_pem, service))
    api = create_api(app, title=service)
    blp = Blueprint("things", __name__)

    @blp.route("/persons")
    class Persons(MethodView):
        @requires(f"{service}.persons.read")
        @blp.response(200)
        def get(self):
            """List."""
            return _echo(user=current_access().user_id)

        @requires(f"{service}.persons.write")
        @blp.response(201)
        def post(self):
            """Create."""
            return _echo(user=current_access().user_id), 201, {"Location": "/persons/1"}

    @blp.route("/persons/search")
    @requires(f"{service}.persons.search")
    @blp.response(200)
    def search():
        """More literal than /persons/{person_id}."""
        return _echo()

    @blp.route("/persons/<person_id>")
    @requires(f"{service}.persons.read")
    @blp.response(200)
    def person(person_id):
        """One."""
        return _echo(person_id=person_id)

    @blp.route("/internal/sync")
    @requires(INTERNAL)
    @blp.response(200)
    def sync():
        """Service-to-service only."""
        return _echo()

    @blp.route("/public/ping")
    @requires(PUBLIC)
    @blp.response(200)
    def ping():
        """Anyone."""
        return _echo()

    @blp.route("/slow")
    @requires(PUBLIC)
    @blp.response(200)
    def slow():
        """Slower than the route's read timeout."""
        app.calls["slow"] += 1  # so a test can wait until its requests are here
        time.sleep(2.5)  # the slow upstream is the behaviour under test, not a wait
        return _echo()

    @blp.route("/internal/persons/<person_id>/scopes")
    @requires(INTERNAL)
    @blp.response(200)
    def scopes(person_id):
        """The registry's scopes call (served by every fake; the gateway asks the registry)."""
        app.calls["scopes"] += 1
        if person_id not in app.scopes:
            abort(404)
        return {"person_id": person_id, **app.scopes[person_id]}

    @blp.route("/stream-in", methods=["POST"])
    @requires(PUBLIC)
    @blp.response(200)
    def stream_in():
        """Hashes a body of any size chunk by chunk, never holding it."""
        digest, size = hashlib.sha256(), 0
        while chunk := request.stream.read(65536):
            digest.update(chunk)
            size += len(chunk)
        return {"body_length": size, "body_sha256": digest.hexdigest()}

    @blp.route("/stream-out")
    @requires(PUBLIC)
    @blp.response(200)
    def stream_out():
        """A body of unknown length, streamed in pieces."""
        return app.response_class((b"piece-%d;" % i for i in range(1000)), mimetype="text/plain")

    @blp.route("/big")
    @requires(PUBLIC)
    @blp.response(200)
    def big():
        """Over the gateway's 64 KiB in-one-piece limit, with a Content-Length: streamed."""
        return app.response_class(b"b" * BIG_BODY, mimetype="application/octet-stream")

    @blp.route("/unsized")
    @requires(PUBLIC)
    @blp.response(200)
    def unsized():
        """100 KB without a Content-Length: streamed through, ends when the upstream closes."""
        return app.response_class(iter([b"u" * 50_000, b"u" * 50_000]), mimetype="text/plain")

    @blp.route("/download")
    @requires(PUBLIC)
    @blp.response(200)
    def download():
        """2 MiB in paced pieces: a client can leave half-way while the gateway still writes."""

        def pieces():
            for _ in range(DOWNLOAD_PIECES):
                time.sleep(0.002)  # paced on purpose: the client leaves while the body flows
                yield b"d" * 65536

        return app.response_class(pieces(), mimetype="application/octet-stream")

    @blp.route("/broken")
    @requires(PUBLIC)
    @blp.response(200)
    def broken():
        """Promises 1 MiB and breaks off after 128 KiB: the upstream failing mid-body."""

        def pieces():
            yield b"x" * 131072
            raise ConnectionAbortedError("the upstream breaks off")

        return app.response_class(pieces(), headers={"Content-Length": str(1 << 20)})

    @blp.route("/undeclared")
    @blp.response(200)
    def undeclared():
        """Forgot its requires(...)."""
        return _echo()

    api.register_blueprint(blp)
    return app
