"""The suggested mapping: header names matched to fields through synonyms (synonyms.json).

Headers and synonyms are compared normalised: case folded, diacritics and ø/æ folded,
spaces, hyphens, dots and underscores dropped ("E-post" = "epost" = "E post"). A header that
joins names ("Rodné číslo / personnummer", "E-mail (login)") maps through its first part that
is a synonym of a field still free; the suggestion says which part matched.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("synonyms.json")
_DROP = str.maketrans(
    {"ø": "o", "æ": "ae", " ": None, "-": None, "_": None, ".": None, "\t": None, "\u00a0": None}
)
# What joins two names in one header: a slash, brackets, a comma, a pipe, "&", "+", ";".
_JOINS = re.compile(r"[/\\()\[\]{},|&+;]")


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


@functools.cache
def _not_mapped() -> dict[str, str]:
    """Normalised header → why it is deliberately not suggested (a look-alike identifier)."""
    table = json.loads(SYNONYMS_FILE.read_text(encoding="utf-8"))["not_mapped"]
    return {normalise(word): why for why, words in table.items() for word in words}


def parts_of(header: str) -> list[str]:
    """The names a header joins, as written ("E-mail (login)" → ["E-mail", "login"])."""
    return [part.strip() for part in _JOINS.split(header) if part.strip()]


def _match(lookup: dict[str, str], column: str, used: set[str]) -> tuple[str | None, str | None]:
    """(field, the part of the header that named it); the whole header is tried first."""
    whole = lookup.get(normalise(column))
    if whole:
        return (whole, column) if whole not in used else (None, None)
    for part in parts_of(column):
        field = lookup.get(normalise(part))
        if field and field not in used:
            return field, part
    return None, None


def explain_mapping(kind: str, header: list[str]) -> dict[str, dict]:
    """Column → {field, matched, note}: the suggested field and the part of the header that
    named it (the whole header or one of the names it joins), None when unknown; `note` says
    why a look-alike column (a Danish CPR number) is left unmapped."""
    lookup = _lookup(kind)
    used: set[str] = set()
    explained: dict[str, dict] = {}
    for column in header:
        field, matched = _match(lookup, column, used)
        if field:
            used.add(field)
        note = None if field else _not_mapped().get(normalise(column))
        explained[column] = {"field": field, "matched": matched, "note": note}
    return explained


def suggest_mapping(kind: str, header: list[str]) -> dict[str, str | None]:
    """Column → field (None when unknown); each field goes to the first column naming it."""
    return {column: e["field"] for column, e in explain_mapping(kind, header).items()}
