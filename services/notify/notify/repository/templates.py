"""Owners' saved templates."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from notify.models import TemplateOverride


class TemplateRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, kind: str, language: str) -> TemplateOverride | None:
        return self.session.scalars(
            select(TemplateOverride).where(
                TemplateOverride.kind == kind, TemplateOverride.language == language
            )
        ).first()

    def saved(self) -> set[tuple[str, str]]:
        rows = self.session.execute(select(TemplateOverride.kind, TemplateOverride.language))
        return {(kind, language) for kind, language in rows}

    def add(self, row: TemplateOverride) -> None:
        self.session.add(row)

    def remove(self, kind: str, language: str) -> None:
        self.session.execute(
            delete(TemplateOverride).where(
                TemplateOverride.kind == kind, TemplateOverride.language == language
            )
        )
