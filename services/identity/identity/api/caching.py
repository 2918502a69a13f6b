"""Answers that carry secrets (tokens) must never be kept by a browser or a proxy."""

from __future__ import annotations

import functools

from flask import after_this_request


def no_store(view):
    """`Cache-Control: no-store` (and `Pragma: no-cache` for HTTP/1.0 caches) on every answer
    of the view, refusals included: registered before the view runs, so errors get it too."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        @after_this_request
        def forbid_storing(response):
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
            return response

        return view(*args, **kwargs)

    return wrapper
