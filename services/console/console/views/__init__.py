"""The console's pages, one blueprint per area."""

from __future__ import annotations


def register(app) -> None:
    from console.views import account, exports, health, imports, persons, search

    for module in (health, account, search, persons, exports, imports):
        app.register_blueprint(module.blp)
