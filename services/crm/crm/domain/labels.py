"""Labels the owner defines: tags (for persons or for companies), to-do types, history types.

A label is never deleted: archived, it stays on every card, to-do and history entry that uses
it, and can no longer be chosen for new ones.
"""

from __future__ import annotations

from crm.domain import InvalidInput

TAG, TASK_TYPE, HISTORY_TYPE = "tag", "task_type", "history_type"
KINDS = (TAG, TASK_TYPE, HISTORY_TYPE)
PERSON, COMPANY = "person", "company"
APPLIES_TO = (PERSON, COMPANY)
MAX_NAME = 100


def clean_name(name: str | None, field: str = "name") -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput.one(field, "a name is needed")
    if len(name) > MAX_NAME:
        raise InvalidInput.one(field, f"at most {MAX_NAME} characters")
    return name


def ensure_choosable(label, kind: str, field: str, applies_to: str | None = None) -> None:
    """A label chosen for a new use: it exists, is of the kind asked for and not archived."""
    what = kind.replace("_", " ")
    if label is None or label.kind != kind:
        raise InvalidInput.one(field, f"no such {what}")
    if label.archived_at is not None:
        raise InvalidInput.one(field, f"the {what} {label.name!r} is archived")
    if applies_to is not None and label.applies_to != applies_to:
        raise InvalidInput.one(field, f"the tag {label.name!r} is for {label.applies_to}s")
