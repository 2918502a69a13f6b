"""The gateway's HTTP surface: the proxy catch-all, merged API docs and upstream health."""

from __future__ import annotations

from flask import Blueprint, current_app, g, request

from gateway.errors import GatewayError, error_response
from gateway.health import upstream_readiness
from gateway.openapi import SWAGGER_UI_HTML

blp = Blueprint("gateway", __name__)

_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _parts():
    return current_app.extensions["gateway"]


@blp.get("/api/openapi.json")
def openapi_json():
    """One OpenAPI document for every service."""
    return _parts().merged.get()


@blp.get("/api/docs")
def api_docs():
    """Swagger UI over the merged document."""
    return SWAGGER_UI_HTML, 200, {"Content-Type": "text/html; charset=utf-8"}


@blp.get("/health")
@blp.get("/ready")
def health():
    """Each upstream's readiness; 503 naming the ones that are down."""
    parts = _parts()
    settings = parts.settings
    results, healthy = upstream_readiness(
        parts.session, parts.table.upstream_urls(), settings.ready_timeout_seconds
    )
    if healthy:
        return {"status": "ok", "upstreams": results}
    down = ", ".join(name for name, state in results.items() if state != "ready")
    return error_response(
        503,
        f"upstreams down: {down}",
        errors={"upstreams": results},
        headers={"Retry-After": str(settings.retry_after_seconds)},
    )


@blp.route("/api/<path:rest>", methods=_METHODS, provide_automatic_options=False)
def forward(rest: str):
    """Check access, sign the context, stream the request to its service and back."""
    parts = _parts()
    match = parts.table.match(request.path)
    if match is None:
        raise GatewayError(404, f"no service serves {request.path}")
    route, path = match
    caller = parts.gate.admit(
        route, request.method, path, request.headers.get("Authorization"), g.request_id
    )
    context = parts.signer.sign(
        audience=route.upstream,
        method=request.method,
        path=path,
        request_id=g.request_id,
        user_id=caller.user_id,
        permissions=caller.permissions,
        scopes={},  # filled from registry (groups led, family managed) in a later slice
    )
    return parts.proxy.forward(request, route, path, g.request_id, context)
