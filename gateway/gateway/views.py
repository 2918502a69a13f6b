"""The gateway's HTTP surface: the proxy catch-all, explain, API docs, health and metrics."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, request, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from gateway import explain as explaining
from gateway.errors import GatewayError, error_response
from gateway.gate import NO_SCOPES
from gateway.health import upstream_readiness
from gateway.listeners import on_internal_port
from gateway.metrics import render
from gateway.openapi import SWAGGER_UI_ASSETS, SWAGGER_UI_HTML
from gateway.proxy import refuse_oversized
from gateway.ratelimit import MAX_LOGIN_BODY
from gateway.responses import to_response

blp = Blueprint("gateway", __name__)

_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _parts():
    return current_app._get_current_object().extensions["gateway"]


@blp.get("/api/openapi.json")
def openapi_json():
    """One OpenAPI document for every service."""
    return _parts().merged.get()


@blp.get("/api/docs")
def api_docs():
    """Swagger UI over the merged document, its assets served by the gateway itself."""
    return SWAGGER_UI_HTML, 200, {"Content-Type": "text/html; charset=utf-8"}


@blp.get("/api/docs/assets/<name>")
def api_docs_asset(name: str):
    """Swagger UI's own files, from the swagger-ui-bundle package: no outside CDN."""
    if name not in SWAGGER_UI_ASSETS:
        raise GatewayError(404, f"no such asset: {name}")
    return send_from_directory(swagger_ui_path, name, max_age=3600)


@blp.get("/metrics")
def prometheus_metrics():
    """Prometheus figures of every worker process; on the internal port only."""
    _internal_only()
    body, content_type = render()
    return Response(body, content_type=content_type)


@blp.get("/health")
@blp.get("/ready")
def health():
    """Public: up or down, nothing more. Internal port: each upstream's readiness, 503 naming
    the ones that are down."""
    parts = _parts()
    settings = parts.settings
    results, healthy = upstream_readiness(
        parts.session, parts.table.servers(), settings.ready_timeout_seconds
    )
    retry = {"Retry-After": str(settings.retry_after_seconds)}
    if not on_internal_port(request.environ, settings.internal_port):
        return ({"status": "up"}, 200) if healthy else ({"status": "down"}, 503, retry)
    if healthy:
        return {"status": "ok", "upstreams": results}
    down = ", ".join(name for name, state in results.items() if not state.startswith("ready"))
    return error_response(
        503, f"upstreams down: {down}", errors={"upstreams": results}, headers=retry
    )


def _internal_only() -> None:
    # A 404 like any unknown path: the public port does not even admit that this exists.
    if not on_internal_port(request.environ, _parts().settings.internal_port):
        raise GatewayError(404, f"no service serves {request.path}")


@blp.get("/api/access/explain")
def access_explain():
    """Which permission a route needs, which roles grant it, the scopes and the verdict."""
    parts = _parts()
    method, path, user_id = explaining.validate(request.args)
    caller = parts.gate.authenticate(request.headers.get("Authorization"), g.request_id)
    g.user_id, g.acting_user_id = caller.user_id, caller.acting_user_id
    return explaining.explain(
        parts.gate, parts.table, parts.roles, caller, method, path, user_id, g.request_id
    )


@blp.get("/api/access/me")
def access_me():
    """The caller as the gateway sees them: roles, effective permissions and scopes (what the
    console shows or hides; the API decides again on every request)."""
    parts = _parts()
    caller = parts.gate.authenticate(request.headers.get("Authorization"), g.request_id)
    g.user_id, g.acting_user_id = caller.user_id, caller.acting_user_id
    return {
        "user_id": caller.user_id,
        "person_id": caller.person_id,
        "acting_user_id": caller.acting_user_id,
        "roles": sorted(caller.roles),
        "permissions": sorted(caller.permissions),
        "scopes": caller.scopes or NO_SCOPES,
    }


@blp.route("/", defaults={"rest": ""}, methods=_METHODS, provide_automatic_options=False)
@blp.route("/<path:rest>", methods=_METHODS, provide_automatic_options=False)
def pages(rest: str):
    """Everything outside /api: the console's pages (routes.toml `pages`), unchanged. No API
    access check here: the console keeps its own session and calls /api like any client."""
    parts, req, state = _parts(), request._get_current_object(), g._get_current_object()
    route = parts.table.pages
    if route is None or req.path == "/api" or req.path.startswith("/api/"):
        raise GatewayError(404, f"no service serves {req.path}")
    state.route = route.name
    refuse_oversized(req, route)
    buffered = _rate_limited(parts, req)
    context = parts.signer.sign(
        audience=route.upstream,
        method=req.method,
        path=req.path,
        request_id=state.request_id,
        user_id=None,
        permissions=frozenset(),
        scopes=NO_SCOPES,
        client_address=req.remote_addr,
    )
    forwarded = parts.proxy.forward(req, route, req.path, state.request_id, context, buffered)
    state.upstream, state.upstream_seconds = forwarded.server, forwarded.seconds
    return to_response(forwarded.answer)


@blp.route("/api/<path:rest>", methods=_METHODS, provide_automatic_options=False)
def forward(rest: str):
    """Check access, sign the context, stream the request to its service and back."""
    # The hot path: context-local proxies resolved once instead of on every attribute.
    parts, req, state = _parts(), request._get_current_object(), g._get_current_object()
    gateway_path = req.path
    match = parts.table.match(gateway_path)
    if match is None:
        raise GatewayError(404, f"no service serves {gateway_path}")
    route, path = match
    state.route = route.name
    refuse_oversized(req, route)  # before anything else is done for a body that cannot pass
    buffered = _rate_limited(parts, req)
    method, request_id = req.method, state.request_id
    caller = parts.gate.admit(route, method, path, req.headers.get("Authorization"), request_id)
    if caller.user_id:
        state.user_id, state.acting_user_id = caller.user_id, caller.acting_user_id
        parts.limits.check_account(caller.user_id)
    context = parts.signer.sign(
        audience=route.upstream,
        method=method,
        path=path,
        request_id=request_id,
        user_id=caller.user_id,
        permissions=caller.permissions,
        scopes=caller.scopes,
        acting_user_id=caller.acting_user_id,
        client_address=req.remote_addr,  # the gateway's to say: see Settings.trusted_proxy_hops
    )
    forwarded = parts.proxy.forward(req, route, path, request_id, context, buffered)
    state.upstream, state.upstream_seconds = forwarded.server, forwarded.seconds
    return to_response(forwarded.answer)


def _rate_limited(parts, req) -> bytes | None:
    """Login and reset paths count per address (and per account named); their small bodies
    are read once, because the limiter needs the account they name. The body, if read."""
    if not parts.limits.is_sensitive(req.path):
        return None
    buffered = None
    if req.content_length and req.content_length <= MAX_LOGIN_BODY:
        buffered = req.get_data()
    parts.limits.check_sensitive(req.path, req.remote_addr or "", buffered)
    return buffered
