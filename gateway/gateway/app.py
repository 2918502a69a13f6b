"""Wiring: build the gateway's parts once at start and bind them to the Flask app."""

from __future__ import annotations

import dataclasses

import requests
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from foyer_shared.access import ContextSigner
from foyer_shared.logging import configure_logging
from gateway import web
from gateway.access import IdentityAccess, RegistryScopes, RoleCatalogue
from gateway.balancer import Balancer
from gateway.cache import TaggedCache
from gateway.docs import UpstreamDocs
from gateway.errors import register_error_handlers
from gateway.events import EventListener
from gateway.gate import Caches, Gate
from gateway.internal import InternalCaller
from gateway.lean import LeanDispatch
from gateway.metrics import Metrics, metrics
from gateway.openapi import MergedDocument
from gateway.permissions import PermissionMap
from gateway.proxy import Proxy
from gateway.ratelimit import RateLimits
from gateway.routes import RouteTable
from gateway.settings import Settings
from gateway.tokens import TokenVerifier


@dataclasses.dataclass(frozen=True)
class Parts:
    settings: Settings
    session: requests.Session
    table: RouteTable
    signer: ContextSigner
    gate: Gate
    proxy: Proxy
    merged: MergedDocument
    caches: Caches
    limits: RateLimits
    roles: RoleCatalogue
    metrics: Metrics | None
    events: EventListener | None


def _plain_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # a stray HTTP_PROXY must never reroute internal traffic
    return session


def _caches(settings: Settings, on_lookup) -> Caches:
    def make(name: str) -> TaggedCache:
        return TaggedCache(
            name,
            settings.permission_cache_ttl_seconds,
            settings.cache_max_entries,
            settings.cache_degraded_ttl_seconds,
            on_lookup=on_lookup,
        )

    return Caches(make("decisions"), make("access"), make("scopes"))


def _route_for(table: RouteTable, upstream: str):
    return next(route for route in table.routes if route.upstream == upstream)


def build_parts(settings: Settings) -> Parts:
    meter = metrics() if settings.metrics_enabled else None
    session = _plain_session()  # OpenAPI documents, JWKS and /health: rare, not the hot path
    table = RouteTable.load(settings.routes_file, settings.upstreams())
    balancer = Balancer(table.routes, on_health=meter.upstream_health if meter else None)
    signer = ContextSigner(settings.read_context_private_key())
    permissions = PermissionMap()
    docs = UpstreamDocs(
        session,
        table.upstream_urls(),
        permissions.compile,
        timeout=settings.openapi_timeout_seconds,
        retry_seconds=settings.openapi_retry_seconds,
    )
    identity_route, registry_route = _route_for(table, "identity"), _route_for(table, "registry")
    tokens = TokenVerifier(
        session,
        [f"{server}/.well-known/jwks.json" for server in identity_route.servers],
        issuer=settings.token_issuer,
        audience=settings.token_audience,
        timeout=settings.identity_timeout_seconds,
        refetch_min_seconds=settings.jwks_refetch_min_seconds,
        retry_after=settings.retry_after_seconds,
        on_fetch=(lambda: meter.internal_call("identity", "jwks")) if meter else None,
    )
    on_call = meter.internal_call if meter else None
    identity_calls = InternalCaller(
        balancer, signer, settings.identity_timeout_seconds, settings.retry_after_seconds, on_call
    )
    registry_calls = InternalCaller(
        balancer, signer, settings.registry_timeout_seconds, settings.retry_after_seconds, on_call
    )
    caches = _caches(settings, meter.cache_lookup if meter else None)
    # Start-up work, so the hot path never fetches documents or keys while a caller waits.
    docs.load_all()
    tokens.prefetch()
    gate = Gate(
        docs,
        permissions,
        tokens,
        IdentityAccess(identity_calls, identity_route, settings.retry_after_seconds),
        RegistryScopes(registry_calls, registry_route, settings.retry_after_seconds),
        caches,
        settings.retry_after_seconds,
    )
    limits = RateLimits(
        settings.rate_limit_storage,
        login_per_address=settings.rate_limit_login_per_address,
        login_per_account=settings.rate_limit_login_per_account,
        per_account=settings.rate_limit_per_account,
        sensitive_paths=settings.rate_limited_paths,
    )
    events = None
    if settings.events_enabled:
        events = EventListener(settings.amqp_url, caches, meter.event if meter else None)
        events.start()
    proxy = Proxy(
        balancer,
        table.routes,
        settings.retry_after_seconds,
        meter.in_flight_change if meter else None,
    )
    return Parts(
        settings,
        session,
        table,
        signer,
        gate,
        proxy,
        MergedDocument(docs, table),
        caches,
        limits,
        RoleCatalogue(identity_calls, identity_route),
        meter,
        events,
    )


def create_app(settings: Settings | None = None) -> Flask:
    from gateway import views

    settings = settings or Settings.from_env()
    configure_logging(settings.service, settings.log_level)
    # No static folder: /static/ belongs to the console behind the `pages` route.
    app = Flask(__name__, static_folder=None)
    app.json.ensure_ascii = False  # UTF-8 on the wire, like every service
    parts = build_parts(settings)
    app.extensions["gateway"] = parts
    access_log = web.AccessLog(settings.service)
    web.install(
        app, access_log, parts.metrics, settings.cors_origins, settings.cors_max_age_seconds
    )
    register_error_handlers(app)
    app.register_blueprint(views.blp)
    if settings.lean_path:
        # Ordinary proxied requests skip Flask's machinery; the rest falls through to it.
        app.wsgi_app = LeanDispatch(
            app.wsgi_app, parts, access_log, parts.metrics, bool(settings.cors_origins)
        )
    if settings.trusted_proxy_hops > 0:
        # remote_addr becomes the client the trusted proxies saw (rate limits, log, context);
        # nothing else of theirs (scheme, host, prefix) is taken on trust.
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=settings.trusted_proxy_hops,
            x_proto=0,
            x_host=0,
            x_port=0,
            x_prefix=0,
        )
    return app
