"""Files from the API (export zips, error files) handed on to the browser in pieces."""

from __future__ import annotations

from flask import Response


def passed_on(answer, mimetype: str) -> Response:
    """A file from the API handed to the browser in pieces, with its name."""
    headers = {}
    if answer.headers.get("Content-Disposition"):
        headers["Content-Disposition"] = answer.headers["Content-Disposition"]
    return Response(
        answer.iter_content(64 * 1024),
        mimetype=answer.headers.get("Content-Type", mimetype),
        headers=headers,
    )
