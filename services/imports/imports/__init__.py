"""Foyer imports service: the import of old customer registers."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from imports.api import errors, jobs
    from imports.settings import Settings

    settings = settings or Settings.from_env()
    app, api, _db = create_service_app(
        __name__,
        settings,
        title="Foyer imports",
        description="Uploaded customer registers and their import jobs.",
    )
    api.register_blueprint(jobs.blp)
    errors.register_error_handlers(api)
    return app
