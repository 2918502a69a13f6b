"""The registry's row errors, told in the file's own column names (issue 23 §12).

The registry names a refused field by its own name ("email: not an e-mail address ..."); the
person fixing the file knows it by its header ("E-mail (login)", "Příjmení"). Its messages are
`field: message` parts joined by "; " (registry use_cases/imports/batch.py `_plain`).
"""

from __future__ import annotations

import re

# The registry's names for a company's fields, as the mapping's fields call them.
REGISTRY_ALIASES = {
    "company_name": "name",
    "visiting_address": "address",
    "visiting_postal_code": "postal_code",
    "visiting_city": "city",
}
_PART = re.compile(r"(^|; )([a-z_]+(?:\.[a-z0-9_]+)?): ")  # an extended field: extra_fields.key


def labels_of(mapping: dict | None) -> dict[str, str]:
    """field → the column mapped to it, as the uploaded file names it."""
    return {field: column for column, field in ((mapping or {}).get("columns") or {}).items()}


def name_columns(text: str | None, labels: dict[str, str]) -> str | None:
    """`text` with each leading `field:` replaced by that field's column, when one is mapped."""
    if not text or not labels:
        return text

    def column(match: re.Match) -> str:
        field = REGISTRY_ALIASES.get(match[2], match[2])
        return f"{match[1]}{labels[field]}: " if field in labels else match[0]

    return _PART.sub(column, text)
