"""Foyer notify service: what everyone was told."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from notify.api import activation_runs, callbacks, errors, log, messages, templates
    from notify.settings import Settings

    app, _api, _db = create_service_app(
        __name__,
        settings or Settings.from_env(),
        title="Foyer notify",
        description="Outgoing messages: e-mail and SMS to members and staff.",
        blueprints=[messages.blp, templates.blp, log.blp, callbacks.blp, activation_runs.blp],
        map_errors=errors.register_error_handlers,
    )
    return app
