"""One OpenAPI document for all services (paths under /api/<service>) and the Swagger UI page."""

from __future__ import annotations

import copy
import threading

from foyer_shared.access import INTERNAL, PUBLIC
from gateway.docs import UpstreamDocs
from gateway.routes import RouteTable

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_BEARER = {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
# The one error shape (foyer_shared.api.ErrorSchema), for the errors the gateway answers itself.
_ERROR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "status", "message", "request_id"],
    "properties": {
        "code": {"type": "integer", "description": "HTTP status code"},
        "status": {"type": "string", "description": "HTTP status phrase"},
        "message": {"type": "string", "description": "What went wrong"},
        "errors": {"type": "object", "additionalProperties": {}, "description": "Details"},
        "request_id": {"type": "string", "description": "As in the X-Request-ID header"},
    },
}
_GATEWAY_ERROR = {
    "description": "Refused or failed by the gateway",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_GATEWAY_REF = {"$ref": "#/components/responses/GatewayError"}
# What the gateway itself may answer: to a caller it must identify, and to everyone.
_SECURED_CODES = ("401", "403", "429")
_ANY_CODES = ("502", "503", "504")


def _rename_refs(node, service: str):
    """Point every local $ref at the service-prefixed component name."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            kind, _, name = ref[len("#/components/") :].partition("/")
            node["$ref"] = f"#/components/{kind}/{service}.{name}"
        for value in node.values():
            _rename_refs(value, service)
    elif isinstance(node, list):
        for value in node:
            _rename_refs(value, service)


def merge(docs: dict[str, dict], prefixes: dict[str, str], title: str = "Foyer API") -> dict:  # noqa: C901 (to split: docs/architecture.md)
    """Merged document; component names get a `<service>.` prefix so services never collide."""
    merged = {
        "openapi": "3.0.3",
        "info": {
            "title": title,
            "version": "1.0",
            "description": "Every Foyer service behind the gateway.",
        },
        "paths": {},
        "tags": [],
        "components": {
            "securitySchemes": dict(_BEARER),
            "schemas": {"Error": _ERROR},
            "responses": {"GatewayError": _GATEWAY_ERROR},
        },
    }
    for service in sorted(docs):
        doc = copy.deepcopy(docs[service])
        _rename_refs(doc, service)
        prefix = prefixes.get(service, f"/api/{service}")
        for kind, entries in (doc.get("components") or {}).items():
            if kind == "securitySchemes":
                continue
            target = merged["components"].setdefault(kind, {})
            target.update({f"{service}.{name}": entry for name, entry in entries.items()})
        for tag in doc.get("tags") or []:
            merged["tags"].append({**tag, "name": f"{service}: {tag['name']}"})
        for template, item in (doc.get("paths") or {}).items():
            kept = {}
            for method, op in item.items():
                if method not in _METHODS:
                    kept[method] = op  # shared parameters and the like
                    continue
                if op.get("x-permission") == INTERNAL:
                    continue  # never reachable from outside, so never advertised
                op["tags"] = [f"{service}: {t}" for t in op.get("tags") or [service]]
                secured = op.get("x-permission") != PUBLIC
                if secured:
                    op["security"] = [{"bearer": []}]
                responses = op.setdefault("responses", {})
                for code in (*_SECURED_CODES, *_ANY_CODES) if secured else _ANY_CODES:
                    responses.setdefault(code, dict(_GATEWAY_REF))
                kept[method] = op
            if any(m in kept for m in _METHODS):
                merged["paths"][prefix + template] = kept
    return merged


class MergedDocument:
    """The merged document, rebuilt only when an upstream document was (re)loaded."""

    def __init__(self, docs: UpstreamDocs, table: RouteTable):
        self._docs = docs
        self._prefixes = {route.upstream: route.prefix for route in table.api_routes}
        self._cached: tuple[int, dict] | None = None
        self._lock = threading.Lock()

    def get(self) -> dict:
        docs = self._docs.ensure_all()
        version = self._docs.version
        with self._lock:
            if self._cached is None or self._cached[0] != version:
                self._cached = (version, merge(docs, self._prefixes))
            return self._cached[1]


# Served from the swagger-ui-bundle package under /api/docs/assets/ (no outside CDN).
SWAGGER_UI_ASSETS = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png", "favicon-16x16.png"}
)
# persistAuthorization off: a token pasted into the page is not kept in the browser's storage.
SWAGGER_UI_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Foyer API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui",
                                 persistAuthorization: false});
  </script>
</body>
</html>
"""
