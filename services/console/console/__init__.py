"""The console: server-rendered pages for staff and members; every answer comes from the API."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from console.client import Gateway
from console.import_catalogue import Kept
from console.session import RefreshCoordinator
from console.settings import Settings
from foyer_shared.logging import configure_logging

csrf = CSRFProtect()


@dataclasses.dataclass(frozen=True)
class Parts:
    settings: Settings
    gateway: Gateway
    refresher: RefreshCoordinator
    import_fields: Kept = dataclasses.field(default_factory=Kept)  # imports' GET /fields


def create_app(settings: Settings | None = None, gateway: Gateway | None = None) -> Flask:
    from console import display, i18n, web
    from console.views import register

    settings = settings or Settings.from_env()
    configure_logging(settings.service, settings.log_level)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.signing_key(),
        SESSION_COOKIE_NAME="foyer_session",
        SESSION_COOKIE_SECURE=settings.cookie_secure,
        SESSION_COOKIE_HTTPONLY=True,
        # Lax: the links in activation and reset mails still open the page (they need no
        # session); every state change is a POST with a CSRF token besides.
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.session_hours),
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        WTF_CSRF_TIME_LIMIT=None,  # as long as the session: a form left open stays usable
        WTF_CSRF_SSL_STRICT=settings.cookie_secure,
    )
    gateway = gateway or Gateway(
        settings.gateway_url, settings.api_timeout_seconds, settings.upload_timeout_seconds
    )
    app.extensions["console"] = Parts(settings, gateway, RefreshCoordinator())
    csrf.init_app(app)
    i18n.init_app(app, settings)
    web.init_app(app)
    display.init_app(app)
    register(app)
    return app
