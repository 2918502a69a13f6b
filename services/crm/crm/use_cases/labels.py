"""Tags, to-do types and history event types: create, rename, archive, list."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from crm.domain import Conflict, NotFound, labels
from crm.models import Label
from crm.repository import LabelRepository
from foyer_shared.db import Database, utcnow
from foyer_shared.words import N_


def list_labels(db: Database, kind: str, applies_to: str | None, archived: bool | None):
    with db.read_only() as session:
        return LabelRepository(session).of_kind(kind, applies_to, archived)


def create_label(db: Database, kind: str, name: str, applies_to: str | None = None) -> Label:
    label = Label(kind=kind, name=labels.clean_name(name), applies_to=applies_to or "")
    with _unique_name(label.name), db.transaction() as session:
        repository = LabelRepository(session)
        if repository.named(kind, label.applies_to, label.name) is not None:
            raise _taken(label.name)
        repository.add(label)
    return label


def change_label(db: Database, kind: str, label_id: str, changes: dict) -> Label:
    """Rename (`name`) and/or archive or restore (`archived`)."""
    with db.transaction() as session:
        repository = LabelRepository(session)
        label = repository.get(label_id)
        if label is None or label.kind != kind:
            raise NotFound(f"no {kind.replace('_', ' ')} with id {label_id}")
        if "name" in changes:
            name = labels.clean_name(changes["name"])
            other = repository.named(kind, label.applies_to, name)
            if other is not None and other.id != label.id:
                raise _taken(name)
            label.name = name
        if "archived" in changes and changes["archived"] != label.archived:
            label.archived_at = utcnow() if changes["archived"] else None
    return label


def _taken(name: str) -> Conflict:
    return Conflict(N_("the name %(name)s is taken") % {"name": repr(name)}, "name")


class _unique_name:
    """Two creations of one name at once: the second loses at the unique index."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None and issubclass(exc_type, IntegrityError):
            raise _taken(self.name) from exc
        return False
