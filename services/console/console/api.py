"""The API as the signed-in user: their token on every call, one refresh when it expired."""

from __future__ import annotations

import requests

from console import session as tokens
from console.client import ApiError

__all__ = ["ApiError", "call", "get", "json", "optional"]


def call(method: str, path: str, *, ok=(200, 201, 202, 204), **kwargs) -> requests.Response:
    """The response when its status is in `ok`; ApiError otherwise. A 401 (the token expired
    or was revoked) is tried once more with a refreshed token; when that fails too, the
    session is over and the caller sends the user to the log-in page."""
    from flask import current_app

    gateway = current_app.extensions["console"].gateway
    response = gateway.request(
        method, path, token=tokens.access_token(), request_id=tokens.request_id(), **kwargs
    )
    if response.status_code == 401 and "files" not in kwargs:
        retry_token = tokens.access_token(force_refresh=True)
        response = gateway.request(
            method, path, token=retry_token, request_id=tokens.request_id(), **kwargs
        )
    if response.status_code not in ok:
        raise ApiError.from_response(response)
    return response


def get(path: str, **kwargs) -> requests.Response:
    return call("GET", path, **kwargs)


def json(method: str, path: str, **kwargs):
    """The decoded JSON body (None for 204)."""
    response = call(method, path, **kwargs)
    return response.json() if response.status_code != 204 and response.content else None


def optional(path: str, default=None, **kwargs):
    """GET when the user may read it; `default` when the API refuses (403/404)."""
    try:
        return json("GET", path, **kwargs)
    except ApiError as refused:
        if refused.status in (403, 404):
            return default
        raise
