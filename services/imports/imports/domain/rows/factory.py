"""The row processor for a job: its kind, its header and its mapping (column name → field)."""

from __future__ import annotations

import datetime

from imports.domain.fields import REQUIRED
from imports.domain.rows.customers import CustomerRows
from imports.domain.rows.simple import SimpleRows


def make_processor(
    kind: str,
    header: list[str],
    columns: dict[str, str],
    options: dict,
    today: datetime.date | None = None,
    language: str = "en",
):
    """`language` is that of a refusal's words (the error file's reader); verdicts are the
    same in every language."""
    position = {name: index for index, name in enumerate(header)}
    indexed = [(position[name], field) for name, field in columns.items() if field]
    labels = {field: name for name, field in columns.items() if field}
    if kind == "customers":
        return CustomerRows(
            indexed,
            set_aside_without_personnummer=bool(options.get("set_aside_without_personnummer")),
            today=today,
            status_values=options.get("status_values"),
            labels=labels,
            language=language,
        )
    return SimpleRows(indexed, REQUIRED.get(kind, ()), labels, language)
