"""Foyer identity service: who someone is and what they may do."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app
from identity.words import TRANSLATIONS


def create_app(settings=None) -> Flask:
    from identity.api import blueprints, errors
    from identity.settings import Settings

    app, api, _db = create_service_app(
        __name__,
        settings or Settings.from_env(),
        title="Foyer identity",
        description="Login accounts, sessions and tokens, roles and permissions.",
        blueprints=blueprints(),
        map_errors=errors.register_error_handlers,
        catalogue=TRANSLATIONS,
    )
    app.extensions["foyer_identity_api"] = api
    return app
