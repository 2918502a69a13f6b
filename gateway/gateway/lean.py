"""The lean hot path: ordinary `/api/<service>/...` requests proxied without Flask.

Flask's request context, URL map, hooks and `Response` objects were about half of the
gateway's own CPU per proxied request (docs/gateway.md → Speed). `LeanDispatch` sits in front
of the Flask app as a WSGI callable and serves the requests that only need the proxy: the same
route match, access decision, per-account limit, signed context, forwarding (proxy.py), access
line and metrics as views.forward, with the same answers (`test_lean.py` sends the same
requests both ways and compares). Everything else falls through to Flask unchanged: docs,
health, metrics, explain, `/api/access/me`, the console's pages, login paths (their bodies
are read for the rate limiter), CORS requests, unknown paths. `FOYER_LEAN_PATH=false` turns
it off.
"""

from __future__ import annotations

import logging
import secrets
import time
from functools import lru_cache

from foyer_shared.logging import request_id_var
from gateway.errors import GatewayError, error_response
from gateway.lean_request import LeanRequest, wsgi_path
from gateway.proxy import refuse_oversized
from gateway.responses import Answer, StreamedBody, to_response
from gateway.web import DECISION_HEADER, line_fields, new_request_id, record

log = logging.getLogger(__name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# The Flask app's own handlers under /api (views.py); every other /api path is the proxy's.
FLASK_PATHS = ("/api/docs", "/api/access/")
FLASK_EXACT = frozenset({"/api/openapi.json"})
# Set on every answer by the gateway (web.py's finisher does the same on the Flask path).
_OURS = frozenset({"x-request-id", DECISION_HEADER.lower(), "x-content-type-options"})


class Exchange:
    """What the access line wants to know (Flask's `g` on the other path)."""

    __slots__ = ("route", "upstream", "upstream_seconds", "user_id", "acting_user_id", "reason")

    def __init__(self):
        self.route, self.upstream, self.upstream_seconds = "gateway", "-", None
        self.user_id = self.acting_user_id = self.reason = None


@lru_cache(maxsize=256)
def status_line(code: int) -> str:
    """The status line werkzeug's Response sends for a code ("404 NOT FOUND")."""
    return to_response(Answer(code, [], b"")).status


def _plain(answer: Answer, method: str) -> bool:
    """An answer werkzeug would send exactly as it is (plus our headers): a body, a type, no
    Location to normalise, and (when read whole) its own Content-Length right."""
    if method == "HEAD" or answer.status < 200 or answer.status in (204, 304):
        return False
    streamed = isinstance(answer.body, StreamedBody)
    typed = length_ok = False
    lengths = 0
    for name, value in answer.headers:
        lower = name.lower()
        if lower == "content-type":
            typed = True
        elif lower == "content-length":
            lengths += 1
            length_ok = streamed or value == str(len(answer.body))
        elif lower in ("location", "content-location"):
            return False
    return typed and (streamed or (lengths == 1 and length_ok))


class LeanDispatch:
    """The WSGI callable in front of the Flask app (`app.wsgi_app`)."""

    def __init__(self, flask_wsgi, parts, access_log, metrics, cors: bool):
        self._flask = flask_wsgi
        self._parts = parts
        self._log, self._metrics = access_log, metrics
        self._cors = cors

    def claim(self, environ: dict, method: str, path: str):
        """(route, upstream path) when this path serves the request; None: Flask does."""
        if method not in METHODS or not path.startswith("/api/") or "//" in path:
            return None
        if path in FLASK_EXACT or path.startswith(FLASK_PATHS):
            return None
        if self._cors and "HTTP_ORIGIN" in environ:
            return None  # CORS headers and preflights: web.py's hooks
        if self._parts.limits.is_sensitive(path):
            return None  # login bodies are read for the rate limiter: views._rate_limited
        return self._parts.table.match(path)

    def __call__(self, environ: dict, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = wsgi_path(environ)
        match = self.claim(environ, method, path)
        if match is None:
            return self._flask(environ, start_response)
        return self._serve(environ, start_response, method, path, *match)

    def _serve(self, environ, start_response, method, path, route, upstream_path):
        started = time.perf_counter()
        rid = new_request_id(environ.get("HTTP_X_REQUEST_ID"))
        request_id_var.set(rid)
        decision_id = secrets.token_hex(8)
        exchange = Exchange()
        request = LeanRequest(environ, method, path)
        try:
            answer = self._forward(request, route, upstream_path, rid, exchange)
        except GatewayError as error:
            exchange.reason = error.message
            if error.upstream:
                exchange.upstream = error.upstream
            answer = error
        except Exception:  # noqa: BLE001 - a bug: the error shape, like errors._bug
            log.exception("unhandled error in the gateway")
            answer = GatewayError(500, "internal error in the gateway")
        status, headers, body = self._wsgi(environ, method, answer, rid, decision_id)
        seconds = time.perf_counter() - started
        code = int(status[:3])
        fields = line_fields(
            decision_id, method, path, code, seconds, request.remote_addr, exchange
        )
        record(self._log, self._metrics, rid, fields, seconds)
        start_response(status, headers)
        return body

    def _forward(self, request: LeanRequest, route, path: str, rid: str, exchange) -> Answer:
        """views.forward without Flask (login paths never come here)."""
        parts = self._parts
        exchange.route = route.name
        refuse_oversized(request, route)  # before anything else is done for such a body
        method = request.method
        authorization = request.environ.get("HTTP_AUTHORIZATION")
        caller = parts.gate.admit(route, method, path, authorization, rid)
        if caller.user_id:
            exchange.user_id, exchange.acting_user_id = caller.user_id, caller.acting_user_id
            parts.limits.check_account(caller.user_id)
        context = parts.signer.sign(
            audience=route.upstream,
            method=method,
            path=path,
            request_id=rid,
            user_id=caller.user_id,
            permissions=caller.permissions,
            scopes=caller.scopes,
            acting_user_id=caller.acting_user_id,
            client_address=request.remote_addr,
        )
        forwarded = parts.proxy.forward(request, route, path, rid, context, None)
        exchange.upstream, exchange.upstream_seconds = forwarded.server, forwarded.seconds
        return forwarded.answer

    @staticmethod
    def _wsgi(environ, method, answer, rid: str, decision_id: str):
        """(status line, headers, body iterable) as the Flask path would send them."""
        ours = [("X-Request-ID", rid), (DECISION_HEADER, decision_id)]
        ours.append(("X-Content-Type-Options", "nosniff"))
        if isinstance(answer, Answer) and _plain(answer, method):
            headers = [h for h in answer.headers if h[0].lower() not in _OURS] + ours
            streamed = isinstance(answer.body, StreamedBody)
            return status_line(answer.status), headers, answer.body if streamed else [answer.body]
        # The rarer answers go through werkzeug's Response, as on the Flask path.
        if isinstance(answer, Answer):
            response = to_response(answer)
        else:
            response = error_response(
                answer.code,
                answer.message,
                headers=answer.headers,
                errors=answer.errors,
                request_id=rid,
            )
        for name, value in ours:
            response.headers[name] = value
        body, status, headers = response.get_wsgi_response(environ)
        return status, headers, body
