"""Foyer imports service: the import of old customer registers."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from imports.api import catalogue, errors, files, jobs, mappings, steps
    from imports.domain.words import CATALOGUES
    from imports.settings import Settings

    settings = settings or Settings.from_env()
    app, _api, _db = create_service_app(
        __name__,
        settings,
        title="Foyer imports",
        description="Uploaded customer registers and their import jobs.",
        blueprints=[jobs.blp, mappings.blp, catalogue.blp, steps.blp, files.blp],
        map_errors=errors.register_error_handlers,
        catalogue=CATALOGUES,  # its refusals for people (an upload, a mapping) translated
    )
    # Uploads are streamed to disk by werkzeug; this caps the whole request (file + form).
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes + (1 << 20)
    return app
