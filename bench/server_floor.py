"""The servers' own cost: a constant WSGI answer, no gateway code, under the gateway's server
(gunicorn gthread) and under granian, measured in the gateway bench's run beside the gateway:
what is left of the CPU budget per request before the gateway does anything."""

from __future__ import annotations

BODY = b'{"items": []}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def constant(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]


def create_app():
    return constant
