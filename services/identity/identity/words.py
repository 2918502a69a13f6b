"""Identity's words for people in other languages (docs/architecture.md → Messages in the
reader's language): its refusals (marked N_ where raised) and the permission catalogue's
descriptions, which live in use_cases/permissions.json and are extracted from there."""

from __future__ import annotations

import json
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def extract_permission_descriptions(fileobj, keywords, comment_tags, options):
    """A babel extractor (babel.cfg): each description of permissions.json as a message."""
    found = json.load(fileobj)
    for entry in found["permissions"]:
        yield 1, None, entry["description"], [entry["permission"]]
