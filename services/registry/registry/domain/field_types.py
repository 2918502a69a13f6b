"""The nine types of extended field and how a value of each is checked and normalised."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from foyer_shared.text import check_text
from foyer_shared.words import N_

TYPES = (
    "date",
    "datetime",
    "multi_select",
    "checkbox",
    "person_ref",
    "list",
    "long_text",
    "price",
    "number",
)
CONTEXTS = ("registration", "purchase", "extra_participant")
LONG_TEXT_MAX = 10_000
MAX_NUMBER = 10**12  # also keeps Decimal arithmetic on a price from overflowing


def check(field_type: str, options: list[str], value):  # noqa: C901 (to split: docs/architecture.md)
    """The value to store (JSON-able), or ValueError saying what is wrong."""
    if value is None:
        return None
    if field_type == "date":
        return date.fromisoformat(_str(value)).isoformat()
    if field_type == "datetime":
        parsed = datetime.fromisoformat(_str(value).replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            raise ValueError(N_("a date-time needs a time zone, e.g. 2026-05-01T10:00:00Z"))
        return parsed.isoformat()
    if field_type == "checkbox":
        if not isinstance(value, bool):
            raise ValueError(N_("must be true or false"))
        return value
    if field_type == "list":
        if _str(value) not in options:
            raise ValueError(N_("must be one of %(options)s") % {"options": options})
        return value
    if field_type == "multi_select":
        if not isinstance(value, list) or any(v not in options for v in value):
            raise ValueError(N_("must be a list of values from %(options)s") % {"options": options})
        return sorted(set(value), key=options.index)
    if field_type == "person_ref":
        return str(uuid.UUID(_str(value)))
    if field_type == "long_text":
        if len(_str(value)) > LONG_TEXT_MAX:
            raise ValueError(N_("at most %(count)s characters") % {"count": LONG_TEXT_MAX})
        return check_text(value, multi_line=True)
    if field_type in ("price", "number"):
        return _number(field_type, value)
    raise ValueError(f"unknown field type {field_type}")


def _str(value) -> str:
    if not isinstance(value, str):
        raise ValueError(N_("must be a string"))
    return value


def _number(field_type: str, value):
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(N_("must be a number"))
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(N_("must be a number")) from exc
    if not number.is_finite() or abs(number) >= MAX_NUMBER:
        raise ValueError(N_("must be a number below %(limit)s") % {"limit": f"{MAX_NUMBER:,}"})
    if field_type == "price":
        if number < 0 or number.as_tuple().exponent < -2:
            raise ValueError(N_("a price is not negative and has at most two decimals"))
        return str(number.quantize(Decimal("0.01")))
    return int(number) if number == number.to_integral_value() else float(number)


# A file's cell for a yes/no field, in the import guide's words (and Danish "nej", Czech "ano").
_YES = frozenset({"1", "true", "yes", "ja", "ano", "x"})
_NO = frozenset({"0", "false", "no", "nej", "ne"})
_SEPARATORS = re.compile(r"\s*[,;|]\s*")  # several choices in one cell
_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f']")  # 1 234,50 · 1'234.50


def from_text(field_type: str, options: list[str], text: str):  # noqa: C901 (one branch a type)
    """A cell of an imported file as the value `check` stores, or ValueError whose message
    follows the quoted cell ('"kanske" is neither yes ... nor no ...'). Spreadsheets write
    numbers with a decimal comma and spaces, choices in any case, several choices joined by a
    comma; a link to another card has no text form."""
    text = text.strip()
    if field_type == "checkbox":
        folded = text.casefold()
        if folded in _YES or folded in _NO:
            return folded in _YES
        raise ValueError(N_("is neither yes (1/ja/yes/x) nor no (0/nej/no)"))
    if field_type == "list":
        return check(field_type, options, _option(options, text, "is"))
    if field_type == "multi_select":
        parts = [part for part in _SEPARATORS.split(text) if part]
        return check(
            field_type, options, [_option(options, p, f'holds "{p}", which is') for p in parts]
        )
    if field_type == "person_ref":
        raise ValueError(N_("links to another card, which a file cannot give: set it on the card"))
    if field_type == "date" and " " in text:
        text, _, clock = text.partition(" ")  # a spreadsheet's date cell: "2026-05-01 00:00:00"
        if clock.strip("0: "):
            raise ValueError(N_("is a date and a time; the field takes a date (2026-05-01)"))
    if field_type in ("price", "number"):
        text = _NUMBER_SPACES.sub("", text)
        if "," in text and "." not in text:
            text = text.replace(",", ".")
    try:
        return check(field_type, options, text)
    except ValueError as exc:
        if field_type in ("date", "datetime"):
            if field_type == "date":
                said = N_("is not a date such as %(example)s") % {"example": "2026-05-01"}
            else:
                example = {"example": "2026-05-01T10:00:00+02:00"}
                said = N_("is not a date and time such as %(example)s") % example
            raise ValueError(said) from exc
        raise ValueError(N_("is not accepted: %(reason)s") % {"reason": exc}) from exc


def _option(options: list[str], text: str, said: str) -> str:
    """The option `text` names, in its own spelling: "guld" is "Guld"."""
    for option in options:
        if option.casefold() == text.casefold():
            return option
    raise ValueError(
        N_("%(value)s not one of %(options)s") % {"value": said, "options": ", ".join(options)}
    )
