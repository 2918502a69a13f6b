"""Reading a person's change log (who, when, field, old → new)."""

from __future__ import annotations

import json

from registry.models import PersonChange
from registry.use_cases import Actor, persons
from registry.use_cases.unit_of_work import UnitOfWork


def list_changes(uow: UnitOfWork, actor: Actor, person_id: str, offset: int, limit: int):
    """(entries of the page, newest first; how many there are); 404 for an unknown person."""
    persons.get_person(uow, actor, person_id)
    with uow.read_only():
        rows, total = uow.changes.page(person_id, offset, limit)
    return [_out(row) for row in rows], total


def _out(row: PersonChange) -> dict:
    return {
        "id": row.id,
        "changed_at": row.changed_at,
        "changed_by": row.changed_by,
        "field": row.field,
        "old": json.loads(row.old_value) if row.old_value is not None else None,
        "new": json.loads(row.new_value) if row.new_value is not None else None,
    }
