"""Labels and the settings row."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crm.models import Label, Preferences
from crm.models.preferences import THE_ROW


class LabelRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, label: Label) -> None:
        self.session.add(label)

    def get(self, label_id: str | None) -> Label | None:
        return self.session.get(Label, label_id) if label_id else None

    def of_kind(self, kind: str, applies_to: str | None, archived: bool | None) -> list[Label]:
        query = select(Label).where(Label.kind == kind)
        if applies_to:
            query = query.where(Label.applies_to == applies_to)
        if archived is not None:
            query = query.where(
                Label.archived_at.is_not(None) if archived else Label.archived_at.is_(None)
            )
        return list(self.session.scalars(query.order_by(Label.name, Label.id)))

    def named(self, kind: str, applies_to: str, name: str) -> Label | None:
        return self.session.scalars(
            select(Label).where(
                Label.kind == kind, Label.applies_to == applies_to, Label.name == name
            )
        ).first()

    def many(self, ids: list[str]) -> dict[str, Label]:
        if not ids:
            return {}
        found = self.session.scalars(select(Label).where(Label.id.in_(ids)))
        return {label.id: label for label in found}


class PreferencesRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self) -> Preferences:
        """The settings as saved, or the defaults (not stored) until someone saves them."""
        return self.session.get(Preferences, THE_ROW) or Preferences.defaults()

    def for_update(self) -> Preferences:
        """The stored row, locked for this transaction (made first if it is not there yet)."""
        insert = pg_insert if self.session.bind.dialect.name == "postgresql" else sqlite_insert
        self.session.execute(
            insert(Preferences)
            .values(**Preferences.defaults_row())
            .on_conflict_do_nothing(index_elements=["id"])
        )
        return self.session.scalars(
            select(Preferences).where(Preferences.id == THE_ROW).with_for_update()
        ).one()
