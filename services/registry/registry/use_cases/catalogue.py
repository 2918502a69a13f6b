"""What staff define once: statuses, interest areas and extended fields."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from foyer_shared.db import Database
from foyer_shared.words import N_
from registry.domain import InvalidInput, field_types
from registry.models import FieldDefinition, InterestArea, Status
from registry.use_cases import Conflict, NotFound

KINDS = {"statuses": Status, "interests": InterestArea}


def list_named(db: Database, kind: str):
    model = KINDS[kind]
    with db.read_only() as session:
        return list(session.scalars(select(model).order_by(model.name)))


def create_named(db: Database, kind: str, name: str):
    model = KINDS[kind]
    try:
        with db.transaction() as session:
            # One label per name in any case: imports link "vip" to the status "VIP".
            if (
                session.scalars(
                    select(model).where(func.lower(model.name) == name.strip().lower())
                ).first()
                is not None
            ):
                raise Conflict(N_("%(name)s exists already") % {"name": repr(name)}, "name")
            row = model(name=name)
            session.add(row)
    except IntegrityError as exc:
        raise Conflict(N_("%(name)s exists already") % {"name": repr(name)}, "name") from exc
    return row


def delete_named(db: Database, kind: str, row_id: str) -> None:
    with db.transaction() as session:
        row = session.get(KINDS[kind], row_id)
        if row is None:
            raise NotFound(f"no such {kind[:-1]} {row_id}")
        session.delete(row)  # the persons' links go with it (ON DELETE CASCADE)


def list_fields(db: Database, staff: bool):
    with db.read_only() as session:
        rows = session.scalars(select(FieldDefinition).order_by(FieldDefinition.key))
        return [_field_out(d) for d in rows if staff or not d.staff_only]


def create_field(db: Database, data: dict) -> dict:
    options = data.get("options") or []
    if data["type"] in ("list", "multi_select") and not options:
        raise InvalidInput.one("options", "a list field needs its options")
    contexts = data.get("required_in") or []
    try:
        with db.transaction() as session:
            row = FieldDefinition(
                key=data["key"],
                label=data["label"],
                type=data["type"],
                options=json.dumps(options, ensure_ascii=False),
                required_in=",".join(contexts),
                staff_only=data.get("staff_only", False),
            )
            session.add(row)
    except IntegrityError as exc:
        raise Conflict(f"a field with key {data['key']!r} exists", "key") from exc
    return _field_out(row)


def delete_field(db: Database, field_id: str) -> None:
    with db.transaction() as session:
        row = session.get(FieldDefinition, field_id)
        if row is None:
            raise NotFound(f"no field {field_id}")
        session.delete(row)


def _field_out(d: FieldDefinition) -> dict:
    return {
        "id": d.id,
        "key": d.key,
        "label": d.label,
        "type": d.type,
        "options": json.loads(d.options),
        "staff_only": d.staff_only,
        "required_in": [c for c in d.required_in.split(",") if c],
    }


TYPES = field_types.TYPES
