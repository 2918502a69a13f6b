"""The embedded default (SQLite): migrations, registration and search work without pg_trgm."""

from __future__ import annotations

from pathlib import Path

from foyer_shared.migrations import upgrade
from foyer_shared.testing import context_headers
from registry import create_app
from registry.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "registry" / "migrations"


def test_register_and_search_on_sqlite(tmp_path, context_keys):
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(MIGRATIONS, url)
    app = create_app(Settings(database_url=url, context_public_key_file=str(context_keys[1]),
                              ready_checks_broker=False))
    client = app.test_client()

    def call(method, path, body=None):
        headers = context_headers(context_keys[0], service="registry", method=method,
                                  path=path, permissions=["*"])
        return client.open(path, method=method, json=body, headers=headers)

    for first, phone in (("Åsa", "070-123 45 67"), ("Erik", None)):
        body = {"first_name": first, "last_name": "Lindström", "phone": phone}
        assert call("POST", "/persons", body).status_code == 201
    found = call("GET", "/persons?q=0701234567")
    assert [p["first_name"] for p in found.json] == ["Åsa"]
    listed = call("GET", "/persons?q=lindstr&sort=-name")
    assert [p["first_name"] for p in listed.json] == ["Åsa", "Erik"]  # Å sorts after E
    app.extensions["foyer_db"].dispose()
