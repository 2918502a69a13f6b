"""Extended field values on a person: checked by type, required per context, staff-only kept."""

from __future__ import annotations

import json

from registry.domain import InvalidInput, field_types
from registry.models import FieldDefinition, FieldValue, Person
from registry.use_cases import access
from registry.use_cases.unit_of_work import UnitOfWork


def apply_values(  # noqa: C901 (to split: docs/architecture.md)
    uow: UnitOfWork, actor, person: Person, values: dict, context: str | None, creating: bool
) -> None:
    """Store `values` {key: value}; with a context, fields required there must be given."""
    defs = uow.fields.definitions()
    errors: dict[str, list[str]] = {}
    if context is not None and context not in field_types.CONTEXTS:
        raise InvalidInput.one("context", f"must be one of {list(field_types.CONTEXTS)}")
    if context:
        for key, d in defs.items():
            if context in d.required_in.split(",") and values.get(key) is None:
                existing = None if creating else _stored(uow, person.id, d.id)
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
        if d.type == "person_ref" and checked[key] and uow.persons.get(checked[key]) is None:
            errors[key] = ["no person with this id"]
    if errors:
        raise InvalidInput({"extra_fields": errors})
    for key, value in checked.items():
        _store(uow, actor, person, defs[key], value)


def _stored(uow: UnitOfWork, person_id: str, field_id: str):
    row = uow.fields.get(person_id, field_id)
    return json.loads(row.value) if row else None


def _store(uow: UnitOfWork, actor, person: Person, definition: FieldDefinition, value) -> None:
    row = uow.fields.get(person.id, definition.id)
    old = json.loads(row.value) if row else None
    if old == value:
        return
    if value is None:
        if row is not None:
            uow.fields.delete(row)
    elif row is None:
        uow.fields.add(
            FieldValue(person_id=person.id, field_id=definition.id, value=json.dumps(value))
        )
    else:
        row.value = json.dumps(value)
    uow.changes.record(person.id, actor, f"extra_fields.{definition.key}", old, value)


def values_of(uow: UnitOfWork, person_id: str, staff: bool) -> dict:
    rows = uow.fields.of_person(person_id)
    return {key: json.loads(value) for key, staff_only, value in rows if staff or not staff_only}
