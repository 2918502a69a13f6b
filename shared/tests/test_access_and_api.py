"""requires() enforces and documents permissions; the Api factory keeps one error shape."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from flask import Flask
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import text

from foyer_shared.access import (
    CONTEXT_HEADER,
    INTERNAL,
    PUBLIC,
    ContextSigner,
    ContextVerifier,
    current_access,
    install_verifier,
    requires,
)
from foyer_shared.api import create_api
from foyer_shared.db import Database


class Greeting(Schema):
    name = fields.String(required=True)


def build_app(public_pem: str, checks=None) -> Flask:
    app = Flask(__name__)
    install_verifier(app, ContextVerifier(public_pem, "demo"))
    api = create_api(app, title="demo", ready_checks=checks or {})
    blp = Blueprint("demo", __name__)

    @blp.route("/things")
    class Things(MethodView):
        @requires("demo.things.write")
        @blp.arguments(Greeting)
        @blp.response(201)
        def post(self, data):
            """Make a thing"""
            return {"by": current_access().user_id, "name": data["name"]}

    @blp.route("/open")
    @requires(PUBLIC)
    def open_route():
        return {"ok": True}

    @blp.route("/internal/ping")
    @requires(INTERNAL)
    def internal_ping():
        return {"caller": current_access().caller_service}

    @blp.route("/boom")
    @requires(PUBLIC)
    def boom():
        raise RuntimeError("bug")

    @blp.route("/database-down")
    @requires(PUBLIC)
    def database_down():
        # Nothing listens on port 1: a real refused connection, as during a restart.
        with Database("postgresql://postgres@127.0.0.1:1/none").read_only() as session:
            session.execute(text("SELECT 1"))

    api.register_blueprint(blp)
    return app


@pytest.fixture()
def keys(context_keys):
    private, public = context_keys
    return private.read_text(), public.read_text()


@pytest.fixture()
def client(keys):
    return build_app(keys[1]).test_client()


def sign(keys, path="/things", method="POST", **kw):
    kw.setdefault("permissions", ["demo.things.write"])
    return ContextSigner(keys[0]).sign(
        audience=kw.pop("audience", "demo"),
        method=method,
        path=path,
        request_id="rid-1",
        user_id="u1",
        **kw,
    )


def post(client, token, body=None):
    headers = {CONTEXT_HEADER: token} if token else {}
    return client.post("/things", json=body or {"name": "Åsa"}, headers=headers)


def test_valid_context_reaches_the_view_with_the_caller(client, keys):
    response = post(client, sign(keys))
    assert response.status_code == 201
    assert response.json == {"by": "u1", "name": "Åsa"}


def test_owner_wildcard_grants_everything(client, keys):
    assert post(client, sign(keys, permissions=["*"])).status_code == 201


def test_missing_context_is_401_before_validation(client):
    response = post(client, None, body={"wrong": 1})
    assert response.status_code == 401
    assert set(response.json) >= {"code", "status", "message", "request_id"}


def test_missing_permission_is_403_naming_it(client, keys):
    response = post(client, sign(keys, permissions=["demo.things.read"]))
    assert response.status_code == 403
    assert "demo.things.write" in response.json["message"]


@pytest.mark.parametrize(
    "make_token",
    [
        lambda keys: sign(keys, audience="other"),
        lambda keys: sign(keys, path="/elsewhere"),
        lambda keys: sign(keys, method="GET"),
        lambda keys: jwt.encode({"aud": "demo", "perms": ["*"]}, None, algorithm="none"),
        # The classic confusion attack: HMAC keyed with the public key's text.
        lambda keys: _hs256_with_public_key(keys),
        lambda keys: _tamper(sign(keys, permissions=["demo.things.read"])),
    ],
    ids=["wrong-audience", "other-path", "other-method", "alg-none", "hs256-pubkey", "tampered"],
)
def test_invalid_contexts_are_401(client, keys, make_token):
    assert post(client, make_token(keys)).status_code == 401


def test_expired_context_is_401(client, keys):
    token = ContextSigner(keys[0], ttl_seconds=-1).sign(
        audience="demo", method="POST", path="/things", request_id="r", permissions=["*"]
    )
    assert post(client, token).status_code == 401


def test_internal_route_needs_a_calling_service(client, keys):
    user = sign(keys, path="/internal/ping", method="GET", permissions=["*"])
    assert client.get("/internal/ping", headers={CONTEXT_HEADER: user}).status_code == 403
    svc = sign(keys, path="/internal/ping", method="GET", permissions=[], caller_service="gateway")
    response = client.get("/internal/ping", headers={CONTEXT_HEADER: svc})
    assert response.status_code == 200 and response.json == {"caller": "gateway"}


def test_public_route_needs_no_context(client):
    assert client.get("/open").json == {"ok": True}


def test_validation_error_names_the_field(client, keys):
    response = post(client, sign(keys), body={"nme": "x"})
    assert response.status_code == 422
    assert "name" in response.json["errors"]["json"]


def test_unexpected_error_is_500_in_the_shape(client):
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.json["code"] == 500 and response.json["request_id"]


def test_an_unreachable_database_is_503_with_retry_after_not_a_500(client):
    response = client.get("/database-down")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["code"] == 503 and response.json["request_id"]
    assert "try again" in response.json["message"]


def test_request_id_is_propagated(client):
    response = client.get("/open", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert client.get("/nowhere", headers={"X-Request-ID": "r9"}).json["request_id"] == "r9"


def test_openapi_shows_x_permission(client):
    paths = client.get("/openapi.json").json["paths"]
    assert paths["/things"]["post"]["x-permission"] == "demo.things.write"
    assert paths["/internal/ping"]["get"]["x-permission"] == "internal"
    assert paths["/health"]["get"]["x-permission"] == "public"


def test_ready_is_503_naming_the_failing_dependency(keys):
    def broken():
        raise ConnectionError("down")

    client = build_app(keys[1], checks={"database": lambda: None, "broker": broken}).test_client()
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "ok"
    assert response.json["checks"]["broker"].startswith("unavailable")
    assert client.get("/health").status_code == 200


def _hs256_with_public_key(keys) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    now = int(time.time())
    claims = {
        "iss": "foyer-gateway",
        "aud": "demo",
        "exp": now + 60,
        "iat": now,
        "m": "POST",
        "p": "/things",
        "rid": "r",
        "perms": ["*"],
    }
    payload = _b64(json.dumps(claims).encode())
    import hashlib
    import hmac

    mac = hmac.new(keys[1].encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(mac)}"


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["perms"] = ["*"]
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def test_context_without_a_user_verifies(keys):
    token = ContextSigner(keys[0]).sign(
        audience="demo",
        method="GET",
        path="/internal/ping",
        request_id="r",
        caller_service="gateway",
    )
    context = ContextVerifier(keys[1], "demo").verify(token, "GET", "/internal/ping")
    assert context.user_id is None and context.caller_service == "gateway"


def test_ready_checks_are_remembered_briefly(keys):
    calls = []
    client = build_app(keys[1], checks={"database": lambda: calls.append(1)}).test_client()
    for _ in range(5):
        assert client.get("/ready").status_code == 200
    assert len(calls) == 1


def test_documented_error_schema_describes_the_error_bodies(client, keys):
    """Every key an error body carries is declared (request_id too); the shape's keys required."""
    schema = client.get("/openapi.json").json["components"]["schemas"]["Error"]
    bodies = [
        post(client, None).json,  # 401
        post(client, sign(keys), body={"nme": "x"}).json,  # 422 with errors
        client.get("/nowhere").json,  # 404
    ]
    for body in bodies:
        assert set(body) <= set(schema["properties"]), body
    assert set(schema["required"]) == {"code", "status", "message", "request_id"}
    assert schema["properties"]["request_id"]["type"] == "string"


def test_the_signed_context_is_a_standard_jwt_the_verifier_reads_whole(keys):
    """One signer for the gateway and the tests: its hand-encoded JWT must be what PyJWT and
    ContextVerifier read, every claim included (a non-ASCII path too)."""
    token = ContextSigner(keys[0]).sign(
        audience="registry",
        method="get",
        path="/persons/Å",
        request_id="r-1",
        user_id="u-1",
        permissions=["b", "a"],
        scopes={"groups_led": ["g"]},
        acting_user_id="staff-1",
        client_address="203.0.113.7",
    )
    claims = jwt.decode(token, keys[1], algorithms=["EdDSA"], audience="registry")
    assert claims["perms"] == ["a", "b"] and claims["p"] == "/persons/Å"
    context = ContextVerifier(keys[1], "registry").verify(token, "GET", "/persons/Å")
    assert (context.user_id, context.acting_user_id, context.client_address) == (
        "u-1",
        "staff-1",
        "203.0.113.7",
    )
    assert context.permissions == {"a", "b"} and context.scopes == {"groups_led": ["g"]}
    internal = ContextSigner(keys[0]).sign(
        audience="registry", method="GET", path="/x", request_id="r", caller_service="gateway"
    )
    assert ContextVerifier(keys[1], "registry").verify(internal, "GET", "/x").caller_service == (
        "gateway"
    )
