"""The gateway's own errors, in the one JSON error shape every Foyer service uses."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import Flask, Response, g
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class GatewayError(Exception):
    """Refuse or fail a request with a status, a reason and optional headers."""

    def __init__(self, code: int, message: str, *, headers=None, errors=None, upstream=None):
        super().__init__(message)
        self.upstream = upstream  # the instance that failed, for the access log and metrics
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.errors = errors or {}


def error_body(code: int, message: str, errors, request_id: str | None) -> bytes:
    """The error shape's bytes, exactly as Flask's jsonify writes them (sorted keys, compact,
    UTF-8, a final newline): the Flask path and the lean path (lean.py) both send these."""
    body = {
        "code": code,
        "status": HTTPStatus(code).phrase,
        "message": message,
        "errors": errors or {},
        "request_id": request_id,
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def error_response(
    code: int, message: str, *, headers=None, errors=None, request_id: str | None = None
) -> Response:
    if request_id is None:
        request_id = g.get("request_id")
    response = Response(
        error_body(code, message, errors, request_id), status=code, mimetype="application/json"
    )
    response.headers.update(headers or {})
    return response


def unavailable(message: str, retry_after: int, code: int = 503, upstream=None) -> GatewayError:
    """503/504 with Retry-After: the client should come back, not hang."""
    return GatewayError(code, message, headers={"Retry-After": str(retry_after)}, upstream=upstream)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(GatewayError)
    def _gateway_error(error: GatewayError):
        g.reason = error.message
        if error.upstream:
            g.upstream = error.upstream
        return error_response(error.code, error.message, headers=error.headers, errors=error.errors)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
        code = error.code or 500
        g.reason = error.description or error.name
        return error_response(code, error.description or error.name, headers=headers)

    @app.errorhandler(Exception)
    def _bug(error: Exception):
        log.exception("unhandled error in the gateway")
        return error_response(500, "internal error in the gateway")
