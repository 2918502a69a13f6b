"""Personal documents (issue 23 §8): upload with size and type limits, list, download, remove;
the bytes in the store (repository/document_store.py), gone with the person."""

from __future__ import annotations

from typing import BinaryIO

from foyer_shared.db import new_id, utcnow
from registry.domain import documents as rules
from registry.models.documents import Document
from registry.repository.document_store import DocumentStore
from registry.use_cases import Actor, NotFound, access, persons
from registry.use_cases.unit_of_work import UnitOfWork

HEAD = 16  # bytes enough for every signature we know


def upload(
    uow: UnitOfWork,
    store: DocumentStore,
    actor: Actor,
    person_id: str,
    filename: str,
    stream: BinaryIO,
    max_bytes: int,
) -> Document:
    with uow.read_only():  # refused before a byte is stored
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id, access.EDIT)
    head = stream.read(HEAD)
    kind = rules.content_type(filename, head)
    document = Document(
        id=new_id(),
        person_id=person_id,
        filename=rules.clean_name(filename),
        content_type=kind,
        uploaded_at=utcnow(),
        uploaded_by=actor.user_id,
    )
    document.size = store.put(document.id, _Rejoined(head, stream), max_bytes)
    try:
        with uow.transaction():
            persons.load(uow, person_id)  # still there
            uow.documents.add(document)
    except BaseException:
        store.delete(document.id)
        raise
    return document


def list_documents(uow: UnitOfWork, actor: Actor, person_id: str) -> list[Document]:
    with uow.read_only():
        persons.load(uow, person_id)
        access.ensure_reachable(uow, actor, person_id)
        return uow.documents.of_person(person_id)


def open_document(
    uow: UnitOfWork, store: DocumentStore, actor: Actor, document_id: str
) -> tuple[Document, BinaryIO]:
    document = _reachable(uow, actor, document_id, access.READ)
    return document, store.open(document.id)


def remove(uow: UnitOfWork, store: DocumentStore, actor: Actor, document_id: str) -> None:
    with uow.transaction():
        document = _find(uow, actor, document_id, access.EDIT)
        uow.documents.delete(document)
    store.delete(document_id)  # after the commit: a failed delete keeps the file


def sweep(uow: UnitOfWork, store: DocumentStore, older_than_seconds: float = 3600.0) -> int:
    """The worker's sweep: bytes whose row is gone (the person deleted, merged away, erased
    by an import's undo, or an upload whose transaction failed) are deleted. Only files older
    than an hour, so an upload between its bytes and its commit is left alone."""
    keys = list(store.keys_older_than(older_than_seconds))
    gone = 0
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        with uow.read_only():
            kept = uow.documents.existing(chunk)
        for key in chunk:
            if key not in kept:
                store.delete(key)
                gone += 1
    return gone


def _reachable(uow: UnitOfWork, actor: Actor, document_id: str, right: str) -> Document:
    with uow.read_only():
        return _find(uow, actor, document_id, right)


def _find(uow: UnitOfWork, actor: Actor, document_id: str, right: str) -> Document:
    document = uow.documents.get(document_id)
    if document is None:
        raise NotFound(f"no document with id {document_id}")
    access.ensure_reachable(uow, actor, document.person_id, right)
    return document


class _Rejoined:
    """The stream with the bytes read to judge its type put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = self._head, b""
            return head
        return self._rest.read(size)
