"""The journal through the API (issue 23 §5): 503 without keys, its own permissions, the read
log, the person's GDPR export download."""

from __future__ import annotations

import io
import json
import logging
import zipfile

import pytest
from registry_testing import answer_export_from_all, downloaded_export
from sqlalchemy import select, text

from registry.domain.journal_crypto import Keyring
from registry.models import messaging


@pytest.fixture()
def keys(app, monkeypatch):
    ring = Keyring.from_json(json.dumps({"active": "k1", "keys": {"k1": Keyring.new_key()}}))
    monkeypatch.setitem(app.extensions, "registry.journal_keys", ring)
    return ring


def test_without_keys_the_journal_says_so(api, app, monkeypatch):
    monkeypatch.setitem(app.extensions, "registry.journal_keys", None)
    person = api.person()
    refused = api.post(f"/persons/{person['id']}/journal", {"text": "x"})
    assert refused.status_code == 503 and "not configured" in refused.json["message"]


def test_written_read_by_the_permission_and_in_the_read_log(api, db, keys):
    person = api.person(first_name="Journal")
    written = api.post(f"/persons/{person['id']}/journal", {"text": "Knee injury."})
    assert written.status_code == 201, written.json
    with db.read_only() as session:
        stored = session.execute(text("SELECT ciphertext FROM journal_entries")).scalar_one()
    assert b"Knee" not in bytes(stored)
    desk = api.as_(role="receptionist", user_id="u-desk")
    assert desk.get(f"/persons/{person['id']}/journal").status_code == 403
    manager = api.as_(role="manager", user_id="u-manager")
    assert [e["text"] for e in manager.get(f"/persons/{person['id']}/journal").json] == [
        "Knee injury."
    ]
    reads = api.get(f"/persons/{person['id']}/reads").json
    assert [(r["viewer"], r["what"]) for r in reads] == [("u-manager", "journal")]
    empty = api.post(f"/persons/{person['id']}/journal", {"text": ""})
    assert empty.status_code == 422 and "text" in empty.json["errors"]["json"]


def test_the_persons_export_download_holds_the_journal_and_the_stored_zip_does_not(api, db, keys):
    person = api.person()
    api.post(f"/persons/{person['id']}/journal", {"text": "For the person's own copy."})
    export = api.post(f"/persons/{person['id']}/exports").json
    answer_export_from_all(db, export)
    archive = downloaded_export(api, export)
    journal = json.loads(archive.read("journal.json"))
    assert [e["text"] for e in journal] == ["For the person's own copy."]
    from registry.models import Export

    with db.read_only() as session:
        stored = session.get(Export, export["id"]).archive
    assert "journal.json" not in zipfile.ZipFile(io.BytesIO(stored)).namelist()


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage() + repr(record.__dict__))


@pytest.fixture()
def log_lines(app):
    """Every log record while the test runs (the app's logging replaced the root's handlers
    when it was made, caplog's among them), SQLAlchemy's statements, parameters and rows too:
    the text must not reach the database in the clear either."""
    kept, root, sql = _Kept(), logging.getLogger(), logging.getLogger("sqlalchemy.engine")
    levels = root.level, sql.level
    root.setLevel(logging.DEBUG)
    sql.setLevel(logging.DEBUG)
    root.addHandler(kept)
    yield kept.lines
    root.removeHandler(kept)
    root.setLevel(levels[0])
    sql.setLevel(levels[1])


def test_a_journal_text_is_in_no_event_and_no_log_line(api, db, keys, log_lines):
    person = api.person()
    secret = "Confided: Ö-7f3c panic attacks"
    assert api.post(f"/persons/{person['id']}/journal", {"text": secret}).status_code == 201
    assert api.get(f"/persons/{person['id']}/journal").json[0]["text"] == secret
    refused = api.post(f"/persons/{person['id']}/journal", {"text": secret + "\x00"})
    assert refused.status_code == 422  # a refusal does not echo the text into a log either
    with db.read_only() as session:
        bodies = session.scalars(select(messaging.outbox.c.body)).all()
    assert not [b for b in bodies if "7f3c" in (b if isinstance(b, str) else b.decode())]
    assert [line for line in log_lines if "journal_entries" in line]  # the log was on
    assert not [line for line in log_lines if "7f3c" in line]
