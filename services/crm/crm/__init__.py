"""Foyer CRM service: the sales team's follow-up of persons and companies."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from foyer_shared.service import create_service_app

# The CRM's messages for people in other languages (docs/architecture.md → Messages in the
# reader's language), over the shared catalogue.
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def create_app(settings=None) -> Flask:
    from crm.api import contacts, errors, history, labels, mailouts, preferences, tasks
    from crm.settings import Settings

    app, _api, _db = create_service_app(
        __name__,
        settings or Settings.from_env(),
        title="Foyer CRM",
        description="CRM cards of persons and companies, tags, to-dos, history and mail-outs.",
        blueprints=[
            contacts.blp,
            preferences.blp,
            labels.tags,
            labels.task_types,
            labels.history_types,
            tasks.blp,
            history.blp,
            mailouts.blp,
        ],
        map_errors=errors.register_error_handlers,
        catalogue=TRANSLATIONS,
    )
    return app
