"""The embedded default (SQLite): migrations, registration and search work without pg_trgm."""

from __future__ import annotations

from pathlib import Path

from foyer_shared.migrations import upgrade
from foyer_testing import context_headers
from registry import create_app
from registry.settings import Settings

MIGRATIONS = Path(__file__).resolve().parents[2] / "registry" / "migrations"


def test_register_and_search_on_sqlite(tmp_path, context_keys):
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(MIGRATIONS, url)
    app = create_app(
        Settings(
            database_url=url,
            context_public_key_file=str(context_keys[1]),
            ready_checks_broker=False,
        )
    )
    client = app.test_client()

    def call(method, path, body=None, permissions=("*",), scopes=None):
        headers = context_headers(
            context_keys[0],
            service="registry",
            method=method,
            path=path,
            permissions=permissions,
            scopes=scopes,
        )
        return client.open(path, method=method, json=body, headers=headers)

    ids = []
    for first, phone in (("Åsa", "070-123 45 67"), ("Erik", None)):
        body = {"first_name": first, "last_name": "Lindström", "phone": phone}
        created = call("POST", "/persons", body)
        assert created.status_code == 201
        ids.append(created.json["id"])
    found = call("GET", "/persons?q=0701234567")
    assert [p["first_name"] for p in found.json] == ["Åsa"]
    listed = call("GET", "/persons?q=lindstr&sort=-name")
    assert [p["first_name"] for p in listed.json] == ["Åsa", "Erik"]  # Å sorts after E
    # A group leader finds the group's members alone (SQLite has no link tags: the rows).
    group = call("POST", "/groups", {"name": "Mine"}).json["id"]
    assert call("POST", f"/groups/{group}/members", {"person_id": ids[0]}).status_code == 204
    co_leader = {"person_id": ids[1], "role": "leader"}  # leads it too: not one of its members
    assert call("POST", f"/groups/{group}/members", co_leader).status_code == 204
    leader = {"permissions": ["registry.persons.read"], "scopes": {"groups_led": [group]}}
    for path in ("/persons?q=lindstr", "/persons"):
        found = call("GET", path, **leader)
        assert [p["first_name"] for p in found.json] == ["Åsa"], found.json
    app.extensions["foyer_db"].dispose()


def test_on_sqlite_a_leaders_widening_is_refused_without_waiting_for_the_write_lock(
    tmp_path, context_keys
):
    """The refusal reads the register as committed on a second connection while the request
    holds SQLite's write lock: that reader must not wait for it (30 s, then "database is
    locked" and a 500)."""
    from registry.permissions import ROLE_PERMISSIONS

    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(MIGRATIONS, url)
    settings = Settings(
        database_url=url, context_public_key_file=str(context_keys[1]), ready_checks_broker=False
    )
    client = create_app(settings).test_client()

    def call(method, path, body=None, **context):
        headers = context_headers(
            context_keys[0], service="registry", method=method, path=path, **context
        )
        return client.open(path, method=method, json=body, headers=headers)

    staff = {"permissions": ["*"]}
    named = ({"first_name": n, "last_name": "Berg"} for n in ("Lena", "Sven"))
    lena, sven = (call("POST", "/persons", body, **staff).json["id"] for body in named)
    group = call("POST", "/groups", {"name": "A"}, **staff).json["id"]
    leader = {"person_id": lena, "role": "leader"}
    assert call("POST", f"/groups/{group}/members", leader, **staff).status_code == 204
    refused = call(
        "POST",
        f"/groups/{group}/members",
        {"person_id": sven},
        permissions=sorted(ROLE_PERMISSIONS["group_leader"]),
        scopes={"person_id": lena, "groups_led": [group]},
    )
    assert refused.status_code == 403, refused.text
    assert "registry.groups.manage" in refused.json["message"]
    client.application.extensions["foyer_db"].dispose()


def test_on_sqlite_a_batch_before_its_predecessor_goes_back_at_once(tmp_path):
    """One writer, so one worker: waiting for the batch before (up to the turn timeout) in a
    transaction that holds SQLite's write lock only kept every other writer out."""
    import time

    import pytest

    from foyer_shared.db import Database
    from foyer_shared.envelope import Envelope
    from registry import handlers
    from registry.use_cases.imports.order import EarlierBatchMissing

    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(MIGRATIONS, url)
    settings = Settings(database_url=url, import_turn_timeout_seconds=30.0)
    db = Database(url)
    command = Envelope(
        type="registry.import_batch",
        source="imports",
        data={
            "job_id": "job-1",
            "batch_no": 2,
            "previous_batch_no": 1,
            "mode": "create_or_update",
            "match_on": "personnummer",
            "options": {},
            "kind": "customers",
            "rows": [{"row_no": 2502, "first_name": "Åsa", "last_name": "Berg"}],
        },
    )
    started = time.monotonic()
    with pytest.raises(EarlierBatchMissing), db.transaction() as session:
        handlers.command_handlers(settings)["registry.import_batch"](session, command)
    assert time.monotonic() - started < 10  # not the 30 s turn timeout
    db.dispose()
