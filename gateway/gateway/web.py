"""Per-request hooks: request id, decision id + JSON access log line + metrics, CORS."""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import threading
import time

from flask import Flask, Response, g, request

from foyer_shared.db import new_id
from foyer_shared.logging import request_id_var

ACCESS_LOGGER = "gateway.access"


class AccessLog:
    """One JSON line per request on stderr, with the fields every other line has.

    Written directly rather than through `logging`: building a LogRecord and passing it through
    handlers cost a tenth of the whole proxy hop. `enabled` follows the logger's level.
    """

    def __init__(self, service: str):
        self._service = service
        self._lock = threading.Lock()
        self.enabled = logging.getLogger(ACCESS_LOGGER).isEnabledFor(logging.INFO)

    def write(self, request_id: str, fields: dict) -> None:
        if not self.enabled:
            return
        now = time.time()
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
        line = {
            "time": f"{stamp},{int(now % 1 * 1000):03d}",
            "level": "INFO",
            "logger": ACCESS_LOGGER,
            "message": "access",
            "service": self._service,
            "request_id": request_id,
            **fields,
        }
        text = json.dumps(line, ensure_ascii=False, default=str) + "\n"
        with self._lock:  # whole lines, never interleaved between threads
            stream = sys.stderr
            stream.write(text)
            stream.flush()


DECISION_HEADER = "X-Foyer-Decision-Id"
# A client's id is kept only if it is plausible: it ends up in every service's logs.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_EXPOSED = "X-Request-ID, X-Foyer-Decision-Id, Retry-After, Location, ETag"


def _begin() -> None:
    state, req = g._get_current_object(), request._get_current_object()  # proxies resolved once
    state.started = time.perf_counter()
    incoming = req.headers.get("X-Request-ID", "")
    rid = incoming if _REQUEST_ID.match(incoming) else new_id()
    state.request_id = rid
    request_id_var.set(rid)
    state.decision_id = secrets.token_hex(8)


def _finisher(metrics, access_log: AccessLog):
    def finish(response: Response) -> Response:
        """One JSON line per request; its decision id is also the response's header."""
        state, req = g._get_current_object(), request._get_current_object()
        rid, decision_id = getattr(state, "request_id", ""), getattr(state, "decision_id", "")
        headers = response.headers
        headers["X-Request-ID"] = rid
        headers[DECISION_HEADER] = decision_id
        # Every answer, proxied or the gateway's own: browsers must not guess another type.
        headers["X-Content-Type-Options"] = "nosniff"
        seconds = time.perf_counter() - getattr(state, "started", time.perf_counter())
        route, upstream = getattr(state, "route", "gateway"), getattr(state, "upstream", "-")
        upstream_seconds = getattr(state, "upstream_seconds", None)
        status = response.status_code
        extra = {
            "decision_id": decision_id,
            "method": req.method,
            "path": req.path,
            "route": route,
            "status": status,
            "user_id": getattr(state, "user_id", None),
            "upstream": upstream,
            "duration_ms": round(seconds * 1000, 2),
            "upstream_ms": None if upstream_seconds is None else round(upstream_seconds * 1000, 2),
            "client": req.remote_addr,
        }
        acting = getattr(state, "acting_user_id", None)
        if acting:  # impersonation: the staff member acting as user_id, marked on the line
            extra["impersonated_by"] = acting
        reason = getattr(state, "reason", None)
        if reason:
            extra["reason"] = reason
        access_log.write(rid, extra)
        if metrics is not None:
            metrics.request(route, upstream, status, seconds)
        return response

    return finish


def install(
    app: Flask, service: str, metrics, cors_origins: tuple[str, ...], cors_max_age: int
) -> None:
    app.before_request(_begin)
    if cors_origins:
        _install_cors(app, frozenset(cors_origins), cors_max_age)
    app.after_request(_finisher(metrics, AccessLog(service)))


def _install_cors(app: Flask, origins: frozenset[str], max_age: int) -> None:
    def allowed(origin: str | None) -> bool:
        return bool(origin) and ("*" in origins or origin in origins)

    def preflight():
        origin = request.headers.get("Origin")
        if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
            return None
        if not allowed(origin):
            return Response(status=403)
        return Response(
            status=204,
            headers={
                "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
                "Access-Control-Allow-Headers": request.headers.get(
                    "Access-Control-Request-Headers", "Authorization, Content-Type"
                ),
                "Access-Control-Max-Age": str(max_age),
            },
        )

    def annotate(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if allowed(origin):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = _EXPOSED
            response.vary.add("Origin")
        return response

    app.before_request(preflight)
    app.after_request(annotate)
