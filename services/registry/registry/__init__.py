"""Foyer registry service: the member and customer register."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from foyer_shared.service import create_service_app

# The registry's messages for people in other languages (docs/architecture.md → Messages in the
# reader's language), over the shared catalogue.
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def create_app(settings=None) -> Flask:
    from registry.api import (
        bulk,
        catalogue,
        consents,
        documents,
        errors,
        exports,
        families,
        groups,
        internal,
        journal,
        links,
        lookups,
        merges,
        persons,
        reads,
        requirements,
    )
    from registry.lookups import Registers
    from registry.repository.document_store import LocalDirectoryStore
    from registry.settings import Settings

    settings = settings or Settings.from_env()
    modules = (
        bulk,
        persons,
        catalogue,
        requirements,
        consents,
        reads,
        journal,
        documents,
        lookups,
        groups,
        families,
        links,
        merges,
        exports,
        internal,
    )
    app, _api, _db = create_service_app(
        __name__,
        settings,
        title="Foyer registry",
        description="Persons, companies, families and groups of a club or business.",
        blueprints=[module.blp for module in modules],
        map_errors=errors.register_error_handlers,
        catalogue=TRANSLATIONS,
    )
    app.extensions["registry.journal_keys"] = settings.journal_keyring()
    app.extensions["registry.documents"] = LocalDirectoryStore(settings.documents_dir)
    app.extensions["registry.registers"] = Registers.from_settings(settings)
    app.config["MAX_CONTENT_LENGTH"] = settings.document_max_bytes + (1 << 20)
    if settings.read_log:
        from registry.repository.read_log_writer import ReadLogWriter

        app.extensions["registry.read_log"] = ReadLogWriter(_db, settings.read_log_flush_seconds)
    return app
