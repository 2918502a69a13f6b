"""The Api factory: one JSON error shape, request ids, /health and /ready, OpenAPI docs."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import sqlalchemy.exc
from flask import Flask, g, request
from flask_smorest import Api, abort
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException
from werkzeug.routing import UnicodeConverter

from foyer_shared import words
from foyer_shared.access import PUBLIC, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.db import new_id
from foyer_shared.logging import request_id_var
from foyer_shared.readiness import ReadinessProbe, ReadyCheck

log = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# When a caller may try again after the database refused (a restart takes about this long).
DATABASE_RETRY_AFTER_SECONDS = 5


class ErrorSchema(Schema):
    """The one error shape, as every service (and the gateway) answers it; documented as-is so
    clients and the schema fuzzing suite can hold every error body to it."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status phrase"})
    message = fields.String(required=True, metadata={"description": "What went wrong"})
    errors = fields.Dict(
        metadata={"description": "Per location and field: the messages (e.g. errors.json.name)"}
    )
    request_id = fields.String(
        required=True, metadata={"description": "The request's id, as in the X-Request-ID header"}
    )


class FoyerApi(Api):
    """flask-smorest's Api with the request id added to every error body."""

    ERROR_SCHEMA = ErrorSchema
    # The service's own catalogue of messages for people (words.catalogue), over the shared one.
    catalogue: Path | None = None

    def handle_http_exception(self, error):
        if error.code >= 500:
            log.error("request failed", exc_info=getattr(error, "original_exception", None))
        payload, code, headers = super().handle_http_exception(error)
        payload.setdefault("message", error.description or error.name)
        language = words.language_of(request.accept_languages)
        if language != words.DEFAULT_LANGUAGE:  # what the asker reads, in their language
            gettext = words.translator(self.catalogue, language)
            for key in ("message", "errors"):
                if key in payload:
                    payload[key] = words.translated(payload[key], gettext)
        payload["request_id"] = request_id_var.get()
        return payload, code, headers

    def map_error(
        self,
        exc_type: type[Exception],
        code: int,
        message: Callable[[Exception], str] = str,
        *,
        errors: Callable[[Exception], dict] | None = None,
        headers: Callable[[Exception], dict[str, str]] | None = None,
    ) -> None:
        """Turn a domain error into an HTTP error saying `message(exc)`, with `errors(exc)` as
        its errors (by default the field its `field` attribute names, if set) and
        `headers(exc)` added to the answer (e.g. Retry-After)."""

        def handle(exc):
            said = message(exc)
            field = getattr(exc, "field", None)
            details = errors(exc) if errors else {"json": {field: [said]}} if field else None
            extra = {"headers": headers(exc)} if headers else {}
            try:
                abort(code, message=said, **({"errors": details} if details else {}), **extra)
            except HTTPException as http_error:
                return self.handle_http_exception(http_error)

        self._app.register_error_handler(exc_type, handle)

    def map_errors(self, codes: dict[type[Exception], int]) -> None:
        """`map_error` for each domain error that needs only its status code: its message is
        the error's text, naming the error's `field` where it has one."""
        for exc_type, code in codes.items():
            self.map_error(exc_type, code)


class PathTextConverter(UnicodeConverter):
    """The default path-segment converter, without control characters: `/jobs/%00` is a 404
    rather than a NUL that reaches PostgreSQL (a 500)."""

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, *args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/\\x00-\\x1f\\x7f-\\x9f]", 1)


def _bind_request_id() -> None:
    rid = request.headers.get(REQUEST_ID_HEADER) or new_id()
    g.request_id = rid
    g.request_started = time.perf_counter()
    request_id_var.set(rid)


def _echo_request_id(response):
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    return response


def _ops_blueprint(ready_checks: Mapping[str, ReadyCheck]) -> Blueprint:
    probe = ReadinessProbe(ready_checks)
    blp = Blueprint("ops", __name__, description="Liveness and readiness")

    @blp.route("/health")
    @requires(PUBLIC)
    @blp.response(200, example={"status": "ok"})
    def health():
        """Liveness: the process answers."""
        return {"status": "ok"}

    @blp.route("/ready")
    @requires(PUBLIC)
    @blp.response(200, example={"status": "ready", "checks": {"database": "ok", "broker": "ok"}})
    @blp.alt_response(503, description="A dependency is unreachable")
    def ready():
        """Readiness: the database (and the broker) can be reached (checked at most every 2 s)."""
        healthy, results = probe.check()
        body = {"status": "ready" if healthy else "not ready", "checks": results}
        return body, (200 if healthy else 503)

    return blp


def create_api(
    app: Flask,
    *,
    title: str,
    description: str = "",
    version: str = "1.0",
    ready_checks: Mapping[str, ReadyCheck] | None = None,
    catalogue: Path | None = None,
) -> FoyerApi:
    """Bind flask-smorest to `app` with Foyer's conventions; register blueprints on the result."""
    app.config.setdefault("API_TITLE", title)
    app.config.setdefault("API_VERSION", version)
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {"info": {"description": description}})
    app.json.ensure_ascii = False  # UTF-8 everywhere: "Åsa" stays "Åsa" on the wire
    # Before any route is added: rules compile their converters when registered.
    app.url_map.converters["default"] = app.url_map.converters["string"] = PathTextConverter
    api = FoyerApi(app)
    api.catalogue = catalogue
    app.before_request(_bind_request_id)
    app.after_request(_echo_request_id)
    api.register_blueprint(_ops_blueprint(ready_checks or {}))
    for error in (sqlalchemy.exc.OperationalError, sqlalchemy.exc.TimeoutError):
        app.register_error_handler(error, functools.partial(_database_unavailable, api))
    return api


def _database_unavailable(api: FoyerApi, exc: Exception):
    """The database refused or dropped the connection, its pool is exhausted, or it broke a
    deadlock: an outage to wait out (503 with Retry-After, as the gateway answers for a service
    that is down), not a bug (500)."""
    log.warning("database unavailable: %s", str(exc).splitlines()[0][:300])
    try:
        abort(
            503,
            message="the database is busy or unreachable; nothing was saved, try again shortly",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    except HTTPException as http_error:
        return api.handle_http_exception(http_error)
