"""Foyer registry service: the member and customer register."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from registry.api import (
        bulk,
        catalogue,
        errors,
        exports,
        families,
        groups,
        internal,
        links,
        merges,
        persons,
    )
    from registry.settings import Settings

    modules = (bulk, persons, catalogue, groups, families, links, merges, exports, internal)
    app, _api, _db = create_service_app(
        __name__,
        settings or Settings.from_env(),
        title="Foyer registry",
        description="Persons, companies, families and groups of a club or business.",
        blueprints=[module.blp for module in modules],
        map_errors=errors.register_error_handlers,
    )
    return app
