"""Writing and reading the change log (who, when, field, old → new)."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry.models import PersonChange


def _json(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def record(session: Session, person_id: str, actor, field: str, old, new) -> None:
    session.add(
        PersonChange(
            person_id=person_id, changed_by=actor.user_id, field=field,
            old_value=_json(old), new_value=_json(new),
        )
    )


def record_all(session: Session, person_id: str, actor, changes: dict[str, tuple]) -> None:
    for field, (old, new) in changes.items():
        record(session, person_id, actor, field, old, new)


def list_changes(db: Database, person_id: str, offset: int, limit: int):
    from sqlalchemy import func

    with db.read_only() as session:
        query = select(PersonChange).where(PersonChange.person_id == person_id)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(
            query.order_by(PersonChange.changed_at.desc(), PersonChange.id)
            .offset(offset)
            .limit(limit)
        ).all()
    return [_out(row) for row in rows], total


def _out(row: PersonChange) -> dict:
    return {
        "id": row.id, "changed_at": row.changed_at, "changed_by": row.changed_by,
        "field": row.field,
        "old": json.loads(row.old_value) if row.old_value is not None else None,
        "new": json.loads(row.new_value) if row.new_value is not None else None,
    }
