"""Personal documents (issue 23 §8) on the in-memory unit of work and a store in tmp_path."""

from __future__ import annotations

import io

import pytest
from registry_fakes import STAFF, a_person, scoped

from registry.domain.documents import DocumentRefused, DocumentTooLarge, clean_name
from registry.repository.document_store import LocalDirectoryStore
from registry.use_cases import OutOfScope
from registry.use_cases.documents import list_documents, open_document, remove, sweep, upload

PDF = b"%PDF-1.7\n" + b"x" * 5000


@pytest.fixture()
def store(tmp_path):
    return LocalDirectoryStore(tmp_path / "docs")


def test_uploaded_listed_downloaded_and_removed_with_its_bytes(uow, store):
    person = a_person(uow)
    made = upload(uow, store, STAFF, person.id, "../Läkarintyg.pdf", io.BytesIO(PDF), 10_000)
    assert (made.filename, made.content_type, made.size) == (
        "Läkarintyg.pdf",
        "application/pdf",
        len(PDF),
    )
    assert [d.id for d in list_documents(uow, STAFF, person.id)] == [made.id]
    _doc, stream = open_document(uow, store, STAFF, made.id)
    with stream:
        assert stream.read() == PDF
    remove(uow, store, STAFF, made.id)
    assert list(store.root.iterdir()) == [] and list_documents(uow, STAFF, person.id) == []


def test_type_and_size_limits_leave_nothing_behind(uow, store):
    person = a_person(uow)
    with pytest.raises(DocumentRefused):
        upload(uow, store, STAFF, person.id, "x.pdf", io.BytesIO(b"MZ\x90\x00 an exe"), 10_000)
    with pytest.raises(DocumentRefused):  # a PDF's bytes under another name
        upload(uow, store, STAFF, person.id, "x.exe", io.BytesIO(PDF), 10_000)
    with pytest.raises(DocumentTooLarge):
        upload(uow, store, STAFF, person.id, "big.pdf", io.BytesIO(PDF), 1000)
    assert not store.root.exists() or list(store.root.iterdir()) == []
    assert uow.documents.rows == {}


def test_a_member_attaches_to_their_own_card_only(uow, store):
    me, other = a_person(uow), a_person(uow, first_name="Other")
    upload(uow, store, scoped(me.id), me.id, "me.pdf", io.BytesIO(PDF), 10_000)
    with pytest.raises(OutOfScope):
        upload(uow, store, scoped(me.id), other.id, "x.pdf", io.BytesIO(PDF), 10_000)


def test_the_sweep_removes_bytes_whose_row_went_with_the_person(uow, store):
    person = a_person(uow)
    made = upload(uow, store, STAFF, person.id, "a.pdf", io.BytesIO(PDF), 10_000)
    kept = upload(uow, store, STAFF, a_person(uow).id, "b.pdf", io.BytesIO(PDF), 10_000)
    uow.cascade(person.id)
    assert sweep(uow, store, older_than_seconds=3600) == 0  # too fresh: maybe an upload
    assert sweep(uow, store, older_than_seconds=-1) == 1
    assert [p.name for p in store.root.iterdir()] == [kept.id] and made.id != kept.id


def test_names_are_made_safe_to_show_and_download():
    assert clean_name('C:\\Users\\a\\"evil"\nname.pdf') == "evilname.pdf"
    assert clean_name("") == "document"
