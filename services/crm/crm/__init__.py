"""Foyer CRM service: contacts the sales team follows up."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from crm.api import contacts, errors
    from crm.settings import Settings

    app, _api, _db = create_service_app(
        __name__,
        settings or Settings.from_env(),
        title="Foyer CRM",
        description="Contacts and their pipeline status, fed by the registry's person events.",
        blueprints=[contacts.blp],
        map_errors=errors.register_error_handlers,
    )
    return app
