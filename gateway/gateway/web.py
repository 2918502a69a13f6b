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
        self._stamp = (-1, "")  # (second, its local time as text)
        self.enabled = logging.getLogger(ACCESS_LOGGER).isEnabledFor(logging.INFO)

    def write(self, request_id: str, fields: dict) -> None:
        if not self.enabled:
            return
        now = time.time()
        second = int(now)
        cached = self._stamp
        if cached[0] != second:  # formatted once a second, not once a request
            cached = self._stamp = (second, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now)))
        line = {
            "time": f"{cached[1]},{int(now % 1 * 1000):03d}",
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
    rid = new_request_id(req.headers.get("X-Request-ID", ""))
    state.request_id = rid
    request_id_var.set(rid)
    state.decision_id = secrets.token_hex(8)


def new_request_id(incoming: str | None) -> str:
    """The client's X-Request-ID when it is plausible, else a new one."""
    return incoming if incoming and _REQUEST_ID.match(incoming) else new_id()


def record(access_log: AccessLog, metrics, rid: str, fields: dict, seconds: float) -> None:
    """The access line and the request metrics of one answered request (both paths)."""
    access_log.write(rid, fields)
    if metrics is not None:
        metrics.request(fields["route"], fields["upstream"], fields["status"], seconds)


def line_fields(
    decision_id: str,
    method: str,
    path: str,
    status: int,
    seconds: float,
    client: str | None,
    state,
) -> dict:
    """The access line's fields; `state` is Flask's `g` or the lean path's exchange."""
    upstream_seconds = getattr(state, "upstream_seconds", None)
    extra = {
        "decision_id": decision_id,
        "method": method,
        "path": path,
        "route": getattr(state, "route", "gateway"),
        "status": status,
        "user_id": getattr(state, "user_id", None),
        "upstream": getattr(state, "upstream", "-"),
        "duration_ms": round(seconds * 1000, 2),
        "upstream_ms": None if upstream_seconds is None else round(upstream_seconds * 1000, 2),
        "client": client,
    }
    acting = getattr(state, "acting_user_id", None)
    if acting:  # impersonation: the staff member acting as user_id, marked on the line
        extra["impersonated_by"] = acting
    reason = getattr(state, "reason", None)
    if reason:
        extra["reason"] = reason
    return extra


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
        status = response.status_code
        fields = line_fields(
            decision_id, req.method, req.path, status, seconds, req.remote_addr, state
        )
        record(access_log, metrics, rid, fields, seconds)
        return response

    return finish


def install(
    app: Flask,
    access_log: AccessLog,
    metrics,
    cors_origins: tuple[str, ...],
    cors_max_age: int,
) -> None:
    app.before_request(_begin)
    if cors_origins:
        _install_cors(app, frozenset(cors_origins), cors_max_age)
    app.after_request(_finisher(metrics, access_log))


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
