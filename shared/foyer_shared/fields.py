"""Field types every service's schemas share: text without control characters, aware times.

Control characters in a name break exports, logs and screens, and NUL is refused by
PostgreSQL (a 500 before these types); a date-time without a zone is ambiguous.
"""

from __future__ import annotations

import re
from datetime import UTC

from marshmallow import ValidationError, fields

# C0 controls, DEL, C1 controls and lone surrogates; a single line also refuses the Unicode
# line and paragraph separators.
_SINGLE_LINE_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Free text keeps tab, line feed and carriage return.
_FREE_TEXT_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _refuse(pattern: re.Pattern, text: str) -> str:
    found = pattern.search(text)
    if found:
        raise ValidationError(
            f"control characters are not allowed (U+{ord(found.group()):04X} at position "
            f"{found.start()})"
        )
    return text


class SingleLine(fields.String):
    """A name, username, code or search term: no control characters at all (no newline, no
    tab, no NUL)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return _refuse(_SINGLE_LINE_REFUSED, super()._deserialize(value, attr, data, **kwargs))


class FreeText(fields.String):
    """A note or description: line breaks and tabs allowed, NUL and other controls not."""

    def _deserialize(self, value, attr, data, **kwargs):
        return _refuse(_FREE_TEXT_REFUSED, super()._deserialize(value, attr, data, **kwargs))


class AwareDateTime(fields.AwareDateTime):
    """An ISO 8601 date-time with its zone (`Z` or `+01:00`), loaded as UTC; a time without a
    zone is refused rather than guessed."""

    default_error_messages = {
        "invalid_awareness": "needs a time zone, e.g. 2026-01-01T00:00:00Z or +01:00",
        "out_of_range": "is out of range in UTC",
    }

    def __init__(self, **kwargs):
        super().__init__(default_timezone=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 has no UTC
            raise self.make_error("out_of_range") from None
