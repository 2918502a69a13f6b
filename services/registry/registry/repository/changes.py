"""Writing and reading the change log (who, when, field, old → new)."""

from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from foyer_shared.db import new_id, utcnow
from registry.models import PersonChange

CREATED = "created"  # the field of a creation row: `new` holds every initial value


def _json(value) -> str | None:
    # orjson: an import logs a thousand persons per batch, and json.dumps was a sixth of it.
    return None if value is None else orjson.dumps(value).decode()


def field_row(person_id: str, actor, field: str, old, new, when: datetime, change_id: str) -> dict:
    """One field's change as a row for a bulk insert (what `record` adds through the ORM)."""
    return {
        "id": change_id,
        "person_id": person_id,
        "changed_at": when,
        "changed_by": actor.user_id,
        "field": field,
        "old_value": _json(old),
        "new_value": _json(new),
    }


def record(session: Session, person_id: str, actor, field: str, old, new) -> None:
    session.add(
        PersonChange(
            person_id=person_id,
            changed_by=actor.user_id,
            field=field,
            old_value=_json(old),
            new_value=_json(new),
        )
    )


def created_row(
    person_id: str, actor, values: dict, when: datetime | None, change_id: str | None = None
) -> dict:
    """One change-log row for a person created by an import: every initial value in `new`.

    An import logs one row per person, not one per field: for a 40,000-member register the
    per-field log was ten rows per person and most of the import's time."""
    return {
        "id": change_id or new_id(),
        "person_id": person_id,
        "changed_at": when,
        "changed_by": actor.user_id,
        "field": CREATED,
        "old_value": None,
        "new_value": _json({k: v for k, v in values.items() if v is not None}),
    }


def record_created(session: Session, person_id: str, actor, values: dict) -> None:
    session.add(PersonChange(**created_row(person_id, actor, values, utcnow())))


def record_all(session: Session, person_id: str, actor, changes: dict[str, tuple]) -> None:
    for field, (old, new) in changes.items():
        record(session, person_id, actor, field, old, new)


class ChangeLog:
    """The change log in one session: written with the change it records; never commits."""

    def __init__(self, session: Session):
        self._session = session

    def record(self, person_id: str, actor, field: str, old, new) -> None:
        record(self._session, person_id, actor, field, old, new)

    def record_all(self, person_id: str, actor, changes: dict[str, tuple]) -> None:
        record_all(self._session, person_id, actor, changes)

    def page(self, person_id: str, offset: int, limit: int) -> tuple[list[PersonChange], int]:
        """The person's entries, newest first, and how many there are."""
        query = select(PersonChange).where(PersonChange.person_id == person_id)
        total = self._session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self._session.scalars(
            query.order_by(PersonChange.changed_at.desc(), PersonChange.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total
