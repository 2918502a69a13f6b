"""Domain errors of imports; api/errors.py maps each to one HTTP status naming the field."""

from __future__ import annotations


class ImportsError(Exception):
    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        if field is not None:
            self.field = field


class FileRejected(ImportsError):
    """The upload cannot be read: wrong type, corrupt, encrypted, too large, too many rows."""

    field = "file"


class FileTooLarge(FileRejected):
    pass


class UnsupportedType(FileRejected):
    """Neither CSV nor XLSX (415)."""


class InvalidMapping(ImportsError):
    """A mapping names a column the file lacks, a field that does not exist, or contradicts."""


class JobNotFound(ImportsError):
    pass


class WrongState(ImportsError):
    """The job is not in a state that allows this step (e.g. run before mapping)."""

    field = "state"
