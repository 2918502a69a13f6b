"""Foyer notify service: what everyone was told."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from notify.api import activation_runs, callbacks, errors, log, messages, templates
    from notify.settings import Settings

    settings = settings or Settings.from_env()
    app, api, _db = create_service_app(
        __name__,
        settings,
        title="Foyer notify",
        description="Outgoing messages: e-mail and SMS to members and staff.",
    )
    api.register_blueprint(messages.blp)
    api.register_blueprint(templates.blp)
    api.register_blueprint(log.blp)
    api.register_blueprint(callbacks.blp)
    api.register_blueprint(activation_runs.blp)
    errors.register_error_handlers(api)
    return app
