"""Field types every service's schemas share: text without control characters, aware times.

The text rule itself is foyer_shared.text (domain code checks imported values with it too);
a date-time without a zone is ambiguous, so it is refused rather than guessed.
"""

from __future__ import annotations

from datetime import UTC

from marshmallow import ValidationError, fields

from foyer_shared.identifiers import InvalidIdentifier, normalise_email
from foyer_shared.text import check_text
from foyer_shared.words import N_


def _checked(text: str, multi_line: bool) -> str:
    try:
        return check_text(text, multi_line=multi_line)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class SingleLine(fields.String):
    """A name, username, code or search term: no control characters at all (no newline, no
    tab, no NUL)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return _checked(super()._deserialize(value, attr, data, **kwargs), multi_line=False)


class FreeText(fields.String):
    """A note or description: line breaks and tabs allowed, NUL and other controls not."""

    def _deserialize(self, value, attr, data, **kwargs):
        return _checked(super()._deserialize(value, attr, data, **kwargs), multi_line=True)


class AwareDateTime(fields.AwareDateTime):
    """An ISO 8601 date-time with its zone (`Z` or `+01:00`), loaded as UTC; a time without a
    zone is refused rather than guessed."""

    default_error_messages = {
        "invalid_awareness": N_("needs a time zone, e.g. 2026-01-01T00:00:00Z or +01:00"),
        "out_of_range": N_("is out of range in UTC"),
    }

    def __init__(self, **kwargs):
        super().__init__(default_timezone=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00:00+01:00 has no UTC
            raise self.make_error("out_of_range") from None


class EmailAddress(SingleLine):
    """An e-mail address by the one rule the registry and imports apply too
    (foyer_shared.identifiers.normalise_email): trimmed and lower-cased when loaded."""

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalise_email(address)
        except InvalidIdentifier as exc:
            raise ValidationError(str(exc)) from None
