"""Session-bound access to saved mappings; never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from imports.models import SavedMapping


class SavedMappingRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: SavedMapping) -> None:
        self.session.add(row)

    def get(self, row_id: str) -> SavedMapping | None:
        return self.session.get(SavedMapping, row_id)

    def named(self, kind: str, name: str) -> SavedMapping | None:
        return self.session.scalars(
            select(SavedMapping).where(SavedMapping.kind == kind, SavedMapping.name == name)
        ).first()

    def of_kind(self, kind: str) -> list[SavedMapping]:
        return list(self.session.scalars(select(SavedMapping).where(SavedMapping.kind == kind)))

    def by_name(self, kind: str | None) -> list[SavedMapping]:
        """All saved mappings (or those of one kind), by name."""
        query = select(SavedMapping).order_by(SavedMapping.name)
        if kind:
            query = query.where(SavedMapping.kind == kind)
        return list(self.session.scalars(query))
