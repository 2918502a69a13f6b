"""Extended field values on a person: checked by type, required per context, staff-only kept."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.domain import InvalidInput, field_types
from registry.models import FieldDefinition, FieldValue, Person
from registry.use_cases import access, changes


def definitions(session: Session) -> dict[str, FieldDefinition]:
    return {d.key: d for d in session.scalars(select(FieldDefinition))}


def apply_values(  # noqa: C901 (to split: docs/architecture.md)
    session: Session, actor, person: Person, values: dict, context: str | None, creating: bool
) -> None:
    """Store `values` {key: value}; with a context, fields required there must be given."""
    defs = definitions(session)
    errors: dict[str, list[str]] = {}
    if context is not None and context not in field_types.CONTEXTS:
        raise InvalidInput.one("context", f"must be one of {list(field_types.CONTEXTS)}")
    if context:
        for key, d in defs.items():
            if context in d.required_in.split(",") and values.get(key) is None:
                existing = None if creating else _stored(session, person.id, d.id)
                if existing is None:
                    errors[key] = [f"required for {context}"]
    staff = access.unscoped(actor)
    checked: dict[str, object] = {}
    for key, raw in values.items():
        d = defs.get(key)
        if d is None or (d.staff_only and not staff):
            errors[key] = ["no such field"]
            continue
        try:
            checked[key] = field_types.check(d.type, json.loads(d.options), raw)
        except ValueError as exc:
            errors[key] = [str(exc)]
            continue
        if d.type == "person_ref" and checked[key] and session.get(Person, checked[key]) is None:
            errors[key] = ["no person with this id"]
    if errors:
        raise InvalidInput({"extra_fields": errors})
    for key, value in checked.items():
        _store(session, actor, person, defs[key], value)


def _stored(session: Session, person_id: str, field_id: str):
    row = session.get(FieldValue, (person_id, field_id))
    return json.loads(row.value) if row else None


def _store(session: Session, actor, person: Person, definition: FieldDefinition, value) -> None:
    row = session.get(FieldValue, (person.id, definition.id))
    old = json.loads(row.value) if row else None
    if old == value:
        return
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(
            FieldValue(person_id=person.id, field_id=definition.id, value=json.dumps(value))
        )
    else:
        row.value = json.dumps(value)
    changes.record(session, person.id, actor, f"extra_fields.{definition.key}", old, value)


def values_of(session: Session, person_id: str, staff: bool) -> dict:
    rows = session.execute(
        select(FieldDefinition.key, FieldDefinition.staff_only, FieldValue.value)
        .join(FieldValue, FieldValue.field_id == FieldDefinition.id)
        .where(FieldValue.person_id == person_id)
    )
    return {key: json.loads(value) for key, staff_only, value in rows if staff or not staff_only}
