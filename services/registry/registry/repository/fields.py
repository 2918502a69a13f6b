"""Extended fields in one session: their definitions and the values persons hold."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from registry.models import FieldDefinition, FieldValue


class FieldValues:
    """Session-bound; never commits. Values are kept as JSON text (FieldValue.value)."""

    def __init__(self, session: Session):
        self._session = session

    def definitions(self) -> dict[str, FieldDefinition]:
        return {d.key: d for d in self._session.scalars(select(FieldDefinition))}

    def get(self, person_id: str, field_id: str) -> FieldValue | None:
        return self._session.get(FieldValue, (person_id, field_id))

    def add(self, value: FieldValue) -> None:
        self._session.add(value)

    def delete(self, value: FieldValue) -> None:
        self._session.delete(value)

    def of_person(self, person_id: str) -> list[tuple[str, bool, str]]:
        """(key, staff_only, JSON value) of each field the person has a value in."""
        return [
            (key, staff_only, value)
            for key, staff_only, value in self._session.execute(
                _VALUES_OF_PERSON, {"pid": person_id}
            )
        ]


# Built once (every person GET runs it; building it cost more than running it).
_VALUES_OF_PERSON = (
    select(FieldDefinition.key, FieldDefinition.staff_only, FieldValue.value)
    .join(FieldValue, FieldValue.field_id == FieldDefinition.id)
    .where(FieldValue.person_id == bindparam("pid"))
)
