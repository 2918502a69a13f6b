"""What every service's create_app does the same way: logging, access, database, Api, checks,
then its blueprints and error mapping."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask, current_app

from foyer_shared.access import ContextVerifier, install_verifier
from foyer_shared.api import FoyerApi, create_api
from foyer_shared.blueprint import Blueprint
from foyer_shared.db import Database
from foyer_shared.logging import configure_logging
from foyer_shared.metrics import install_http_metrics
from foyer_shared.settings import ServiceSettings


def create_service_app(
    import_name: str,
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    database: Database | None = None,
    blueprints: Iterable[Blueprint] = (),
    map_errors: Callable[[FoyerApi], None] | None = None,
    catalogue: Path | None = None,
) -> tuple[Flask, FoyerApi, Database]:
    """Build a service's app: logging, access, database, the Api with its checks, then the
    service's `blueprints` and its domain errors (`map_errors(api)`: FoyerApi.map_error);
    `catalogue` is the directory of its own translated messages (foyer_shared.words)."""
    configure_logging(settings.service, settings.log_level)
    app = Flask(import_name)
    database = database or Database(settings.database_url, **settings.pool_options())
    app.extensions["foyer_db"] = database
    app.extensions["foyer_settings"] = settings
    install_verifier(app, ContextVerifier(settings.read_context_public_key(), settings.service))

    checks = {"database": database.ping}
    if settings.ready_checks_broker:
        from foyer_shared.messaging.broker import ping

        checks["broker"] = lambda: ping(settings.amqp_url)
    api = create_api(
        app, title=title, description=description, ready_checks=checks, catalogue=catalogue
    )
    install_http_metrics(app, settings.service)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    if map_errors is not None:
        map_errors(api)
    return app, api, database


def current_db() -> Database:
    """The database of the app serving this request (for route functions to hand to use cases)."""
    return current_app.extensions["foyer_db"]


def current_settings() -> ServiceSettings:
    return current_app.extensions["foyer_settings"]
