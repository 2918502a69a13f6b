"""What every answer gets: security headers, the request id, templates' helpers, error pages."""

from __future__ import annotations

import logging

from flask import g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from console import access, crm
from console.client import ApiError
from foyer_shared.logging import request_id_var

log = logging.getLogger(__name__)

# No inline script or style anywhere: every script and stylesheet is a file of our own.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)


def init_app(app) -> None:
    app.before_request(_request_id)
    app.after_request(_headers)
    app.context_processor(_helpers)
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(CSRFError, _csrf_error)
    for status in (403, 404, 405, 413):
        app.register_error_handler(status, _http_error)


def _request_id() -> None:
    g.request_id = request.headers.get("X-Request-ID")
    request_id_var.set(g.request_id)


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")  # pages hold personal data
    return response


def _helpers() -> dict:
    return {
        "me": _safe_me(),
        "can": access.can,
        "locale": str(get_locale()),
        "todo_badge": crm.badge,
        "crm_local": crm.local,
        "crm_who": crm.who,
        "state_words": crm.STATE_WORDS,
        "status_words": crm.STATUS_WORDS,
    }


def _safe_me():
    try:
        return access.me()
    except ApiError:
        return None


def _api_error(error: ApiError):
    if error.status == 401:  # the session ended (logged out elsewhere, revoked, expired)
        return redirect(url_for("account.login", next=request.full_path.rstrip("?")))
    if error.status >= 500:
        log.warning("API answered %s: %s", error.status, error.message)
    # The API's own status where the browser should know it (429: the gateway's per-account
    # limit, its message says when to try again); any other failure is the API's, so 502.
    return render_template("error.html", status=error.status, message=error.message), (
        error.status if error.status in (400, 403, 404, 409, 412, 422, 429, 503) else 502
    )


def _csrf_error(error):
    message = _("The form had expired or came from elsewhere. Please try again.")
    return render_template("error.html", status=400, message=message), 400


def _http_error(error):
    messages = {
        403: _("You do not have access to this page."),
        404: _("There is no such page."),
        405: _("There is no such page."),
        413: _("The file is too large."),
    }
    status = error.code
    return render_template("error.html", status=status, message=messages[status]), status
