"""Pages of to-dos read as Core rows, not ORM entities.

A list is only shown, never changed: loading ten to-dos and their types as entities (identity
map, instance state, the ORM's statement handling) cost as much again as the query itself
(issue 20, docs/benchmarks.md). The row carries what TaskOut shows, the type as a small ref.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, select

from crm.models import Label, Task

_TASKS = Task.__table__
_TYPES = Label.__table__
_KEYS = tuple(column.key for column in _TASKS.c)
_COLUMNS = (*_TASKS.c, _TYPES.c.name, _TYPES.c.archived_at)
_FROM = _TASKS.outerjoin(_TYPES, _TYPES.c.id == _TASKS.c.type_id)


@dataclass(slots=True)
class TypeRef:
    id: str
    name: str
    archived: bool


@dataclass(slots=True)
class TaskRow:
    """A to-do as a list shows it (the fields of Task; `state` set with its colour)."""

    id: str
    kind: str
    contact_id: str | None
    created_by: str
    assignee_user_id: str
    type_id: str | None
    note: str | None
    remind_at: datetime | None
    reminded_at: datetime | None
    closed_at: datetime | None
    closed_by: str | None
    created_at: datetime
    updated_at: datetime
    type: TypeRef | None = None
    state: str | None = None


def page_query(conditions, order) -> Select:
    """The to-dos matching `conditions` (Task columns) with their type's name, in `order`."""
    return select(*_COLUMNS).select_from(_FROM).where(*conditions).order_by(*order)


def fetch(connection: Connection, query: Select, params: dict | None = None) -> list[TaskRow]:
    return [_row(row) for row in connection.execute(query, params or {})]


def _row(row) -> TaskRow:
    *task, type_name, type_archived_at = row
    task_row = TaskRow(**dict(zip(_KEYS, task, strict=True)))
    if task_row.type_id is not None:
        task_row.type = TypeRef(task_row.type_id, type_name, type_archived_at is not None)
    return task_row
