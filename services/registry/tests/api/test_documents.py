"""Personal documents through the API (issue 23 §8): multipart upload, limits as 413/415,
download, removal, the person's export, and the bytes going with the person."""

from __future__ import annotations

import dataclasses
import io

import pytest
from registry_testing import answer_export_from_all, downloaded_export

from registry.permissions import ROLE_PERMISSIONS
from registry.repository.document_store import LocalDirectoryStore

PDF = b"%PDF-1.7\n" + b"y" * 2000


@pytest.fixture()
def store(app, tmp_path, monkeypatch):
    local = LocalDirectoryStore(tmp_path / "documents")
    monkeypatch.setitem(app.extensions, "registry.documents", local)
    return local


def upload(client, as_staff, person_id, content, name, role="owner"):
    path = f"/persons/{person_id}/documents"
    return client.post(
        path,
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        headers=as_staff("POST", path, *ROLE_PERMISSIONS[role], user_id=f"u-{role}"),
    )


def test_upload_list_download_remove(api, client, as_staff, store):
    person = api.person()
    made = upload(client, as_staff, person["id"], PDF, "intyg.pdf")
    assert made.status_code == 201, made.json
    assert (made.json["filename"], made.json["size"]) == ("intyg.pdf", len(PDF))
    assert [d["id"] for d in api.get(f"/persons/{person['id']}/documents").json] == [
        made.json["id"]
    ]
    download = api.get(f"/documents/{made.json['id']}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert 'filename="intyg.pdf"' in download.headers["Content-Disposition"]
    trainer = api.as_(role="trainer")
    assert trainer.get(f"/persons/{person['id']}/documents").status_code == 403
    assert api.delete(f"/documents/{made.json['id']}").status_code == 204
    assert api.get(f"/documents/{made.json['id']}").status_code == 404
    assert list(store.root.iterdir()) == []


def test_limits_are_413_and_415_naming_the_file(api, app, client, as_staff, store, monkeypatch):
    person = api.person()
    refused = upload(client, as_staff, person["id"], b"MZ\x90\x00", "virus.pdf")
    assert refused.status_code == 415 and "file" in refused.json["errors"]["json"]
    small = dataclasses.replace(app.extensions["foyer_settings"], document_max_bytes=100)
    monkeypatch.setitem(app.extensions, "foyer_settings", small)
    big = upload(client, as_staff, person["id"], PDF, "big.pdf")
    assert big.status_code == 413 and "file" in big.json["errors"]["json"]
    assert list(store.root.iterdir()) == []


def test_the_export_download_holds_the_documents(api, db, client, as_staff, store):
    person = api.person()
    upload(client, as_staff, person["id"], PDF, "intyg.pdf")
    export = api.post(f"/persons/{person['id']}/exports").json
    answer_export_from_all(db, export)
    archive = downloaded_export(api, export)
    [name] = [n for n in archive.namelist() if n.startswith("documents/")]
    assert name.endswith("-intyg.pdf") and archive.read(name) == PDF
