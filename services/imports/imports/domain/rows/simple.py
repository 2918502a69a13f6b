"""Rows of groups, group members and statuses: mapped cells trimmed, required fields checked."""

from __future__ import annotations

from imports.domain.rows.verdict import ERROR, OK, SKIPPED, Verdict
from imports.domain.words import gettext_for


class SimpleRows:
    def __init__(
        self,
        columns: list[tuple[int, str]],
        required: tuple[str, ...],
        labels: dict[str, str] | None = None,
        language: str = "en",
    ):
        self._columns = columns
        self._required = required
        self._labels = labels or {}  # field → its column as the file names it
        self.gettext = gettext_for(language)

    def process(self, row_no: int, cells: list[str]) -> Verdict:
        width = len(cells)
        v = {f: cells[i].strip() for i, f in self._columns if i < width and cells[i].strip()}
        if not v:
            return Verdict(row_no, SKIPPED)
        missing = tuple(
            (
                f,
                self.gettext("%(column)s is empty; this row needs it")
                % {"column": self._labels.get(f, f)},
            )
            for f in self._required
            if f not in v
        )
        return Verdict(row_no, ERROR if missing else OK, v, missing)
