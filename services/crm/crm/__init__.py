"""Foyer CRM service: the sales team's follow-up of persons and companies."""

from __future__ import annotations

from flask import Flask

from foyer_shared.service import create_service_app


def create_app(settings=None) -> Flask:
    from crm.api import contacts, errors, history, labels, mailouts, preferences, tasks
    from crm.settings import Settings

    settings = settings or Settings.from_env()
    app, api, _db = create_service_app(
        __name__,
        settings,
        title="Foyer CRM",
        description="CRM cards of persons and companies, tags, to-dos, history and mail-outs.",
    )
    for blueprint in (
        contacts.blp,
        preferences.blp,
        labels.tags,
        labels.task_types,
        labels.history_types,
        tasks.blp,
        history.blp,
        mailouts.blp,
    ):
        api.register_blueprint(blueprint)
    errors.register_error_handlers(api)
    return app
