"""Consent rules (issue 23 §3): what a purpose and a text version look like, where an answer
may come from, and who gave it."""

from __future__ import annotations

import re

from registry.domain import InvalidInput

CHANNELS = ("console", "import", "api")
_PURPOSE = re.compile(r"^[a-z][a-z0-9_.-]{0,63}$")


def check(purpose: str, text_version: str, channel: str) -> None:
    errors: dict[str, list[str]] = {}
    if not _PURPOSE.match(purpose or ""):
        errors["purpose"] = [
            "a short name in lower case: letters, digits, _ . - (e.g. photos, newsletter)"
        ]
    if not (text_version or "").strip() or len(text_version) > 64:
        errors["text_version"] = ["the version of the wording shown, at most 64 characters"]
    if channel not in CHANNELS:
        errors["channel"] = [f"must be one of {list(CHANNELS)}"]
    if errors:
        raise InvalidInput(errors)


def given_by_self(actor_person_id: str | None, person_id: str) -> bool:
    """The answer is the person's own when the caller's account is that person's."""
    return actor_person_id is not None and actor_person_id == person_id
