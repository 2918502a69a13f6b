"""Wiring: build the gateway's parts once at start and bind them to the Flask app."""

from __future__ import annotations

import dataclasses
import re
import uuid

import requests
from flask import Flask, g, request

from foyer_shared.access import ContextSigner
from foyer_shared.logging import configure_logging, request_id_var
from gateway.access import IdentityAccessClient, PermissionCache
from gateway.docs import UpstreamDocs
from gateway.errors import register_error_handlers
from gateway.gate import Gate
from gateway.openapi import MergedDocument
from gateway.permissions import PermissionMap
from gateway.proxy import Proxy, pooled_session
from gateway.routes import RouteTable
from gateway.settings import Settings
from gateway.tokens import TokenVerifier

# A client's id is kept only if it is plausible: it ends up in every service's logs.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


@dataclasses.dataclass(frozen=True)
class Parts:
    settings: Settings
    session: requests.Session
    table: RouteTable
    signer: ContextSigner
    gate: Gate
    proxy: Proxy
    merged: MergedDocument
    cache: PermissionCache


def build_parts(settings: Settings) -> Parts:
    session = pooled_session()
    table = RouteTable.load(settings.routes_file, settings.upstreams())
    identity = settings.upstreams()["identity"]
    signer = ContextSigner(settings.read_context_private_key())
    permissions = PermissionMap()
    docs = UpstreamDocs(
        session,
        table.upstream_urls(),
        permissions.compile,
        timeout=settings.openapi_timeout_seconds,
        retry_seconds=settings.openapi_retry_seconds,
    )
    tokens = TokenVerifier(
        session,
        f"{identity}/.well-known/jwks.json",
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        timeout=settings.identity_timeout_seconds,
        refetch_min_seconds=settings.jwks_refetch_min_seconds,
        retry_after=settings.retry_after_seconds,
    )
    fetch = IdentityAccessClient(
        session, identity, signer, settings.identity_timeout_seconds, settings.retry_after_seconds
    )
    cache = PermissionCache(fetch, settings.permission_cache_ttl_seconds)
    # Start-up work, so the hot path never fetches documents or keys while a caller waits.
    docs.load_all()
    tokens.prefetch()
    gate = Gate(docs, permissions, tokens, cache, settings.retry_after_seconds)
    proxy = Proxy(session, settings.retry_after_seconds)
    return Parts(settings, session, table, signer, gate, proxy, MergedDocument(docs, table), cache)


def _bind_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    rid = incoming if _REQUEST_ID.match(incoming) else str(uuid.uuid4())
    g.request_id = rid
    request_id_var.set(rid)


def _echo_request_id(response):
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def create_app(settings: Settings | None = None) -> Flask:
    from gateway import views

    settings = settings or Settings.from_env()
    configure_logging(settings.service, settings.log_level)
    app = Flask(__name__)
    app.json.ensure_ascii = False  # UTF-8 on the wire, like every service
    app.extensions["gateway"] = build_parts(settings)
    app.before_request(_bind_request_id)
    app.after_request(_echo_request_id)
    register_error_handlers(app)
    app.register_blueprint(views.blp)
    return app
