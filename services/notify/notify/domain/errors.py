"""notify's domain errors; api/errors.py turns each into a 4xx naming the field."""

from __future__ import annotations


class Invalid(ValueError):
    """Bad input the caller can fix: 422 naming `field`."""

    field = "json"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        if field:
            self.field = field


def unknown_type(kind: str, known) -> Invalid:
    return Invalid(f"unknown message type {kind!r}; known: {', '.join(known)}", "type")


def unknown_language(language: str, known) -> Invalid:
    return Invalid(f"unknown language {language!r}; known: {', '.join(known)}", "language")


def unknown_persons(ids, field: str = "person_ids") -> Invalid:
    shown = ", ".join(sorted(ids)[:10])
    return Invalid(f"notify knows no person with the id {shown}", field)


class NotFound(LookupError):
    """A row that does not exist (or that the caller may not see): 404."""


class NotYours(PermissionError):
    """Another person's data without the staff permission: 403."""
