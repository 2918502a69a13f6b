"""The suggested mapping: header names matched to fields through synonyms (synonyms.json).

Headers and synonyms are compared normalised: case folded, diacritics and ø/æ folded,
spaces, hyphens, dots and underscores dropped ("E-post" = "epost" = "E post").
"""

from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")
_DROP = str.maketrans(
    {"ø": "o", "æ": "ae", " ": None, "-": None, "_": None, ".": None, "\t": None, "\u00a0": None}
)


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", header.casefold().translate(_DROP))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@functools.cache
def _lookup(kind: str) -> dict[str, str]:
    table = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))[kind]
    lookup: dict[str, str] = {}
    for field, words in table.items():
        for word in [field, *words]:
            lookup.setdefault(normalise(word), field)
    return lookup


def suggest_mapping(kind: str, header: list[str]) -> dict[str, str | None]:
    """Column → field (None when unknown); each field goes to the first column naming it."""
    lookup = _lookup(kind)
    used: set[str] = set()
    suggestion: dict[str, str | None] = {}
    for column in header:
        field = lookup.get(normalise(column))
        if field in used:
            field = None
        if field:
            used.add(field)
        suggestion[column] = field
    return suggestion
