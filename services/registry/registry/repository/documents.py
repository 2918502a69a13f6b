"""Documents' rows in one session."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models.documents import Document


class Documents:
    """Session-bound; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def add(self, document: Document) -> None:
        self._session.add(document)

    def get(self, document_id: str) -> Document | None:
        return self._session.get(Document, document_id)

    def of_person(self, person_id: str) -> list[Document]:
        return list(
            self._session.scalars(
                select(Document)
                .where(Document.person_id == person_id)
                .order_by(Document.uploaded_at, Document.id)
            )
        )

    def delete(self, document: Document) -> None:
        self._session.delete(document)

    def existing(self, ids: list[str]) -> set[str]:
        return set(self._session.scalars(select(Document.id).where(Document.id.in_(ids))))
