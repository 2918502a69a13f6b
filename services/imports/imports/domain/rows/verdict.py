"""What the row processor says about one row."""

from __future__ import annotations

OK, ERROR, SKIPPED, SET_ASIDE = "ok", "error", "skipped", "set_aside"


class Verdict:
    """One row's outcome: `fields` go to the registry when status is OK."""

    __slots__ = ("row_no", "status", "fields", "errors", "notes", "duplicate_of", "company")

    def __init__(
        self,
        row_no: int,
        status: str,
        fields: dict | None = None,
        errors: tuple = (),
        notes: tuple = (),
        duplicate_of: int | None = None,
        company: bool = False,
    ):
        self.row_no = row_no
        self.status = status
        self.fields = fields or {}
        self.errors = errors  # ((field, message in plain words), ...)
        self.notes = notes  # what the importer had to do, e.g. "username from name"
        self.duplicate_of = duplicate_of  # the earlier row holding the same e-mail
        self.company = company

    def error_text(self) -> str:
        return "; ".join(message for _, message in self.errors)

    def __repr__(self) -> str:
        return (
            f"Verdict({self.row_no}, {self.status}, errors={self.errors}, "
            f"notes={self.notes}, duplicate_of={self.duplicate_of})"
        )
