"""Personnummer, organisation numbers, phone numbers and e-mail addresses: the one rule each.

The registry applies these when it stores a person; imports applies the same functions when its
dry run judges a file's rows, so what a dry run accepts the registry writes and what it refuses
the registry refuses too (docs/architecture.md → One rule, one place). Pure functions, no I/O;
kept lean, as an import checks a million of them.
"""

from __future__ import annotations

import datetime
import re

import phonenumbers

from foyer_shared.luhn import luhn_ok
from foyer_shared.words import N_


class InvalidIdentifier(ValueError):
    """The value breaks the rule; the message says how, in words a receptionist can act on."""


# ASCII digits only: "\d" alone would also take other scripts' digits (٣, ３).
_PNR = re.compile(r"(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})", re.ASCII)
_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def normalise_personnummer(raw: str, today: datetime.date | None = None) -> str:
    """YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN or YYYYMMDDNNNN → YYYYMMDDNNNN.

    Spaces are ignored. A 10-digit form gets the latest century that puts the birth date not
    in the future; '+' (Skatteverket's sign for 100 years or older) moves it one century back.
    Day + 60 (samordningsnummer) is accepted.
    """
    match = _PNR.fullmatch(raw.replace(" ", ""))
    if match is None:
        raise InvalidIdentifier(N_("use YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDDNNNN or YYYYMMDDNNNN"))
    century, yy, mm, dd, sep, tail = match.groups()
    if not luhn_ok(yy + mm + dd + tail):
        raise InvalidIdentifier(N_("the check digit is wrong"))
    if century:
        year = int(century + yy)
    else:
        today = today or datetime.date.today()
        year = 2000 + int(yy)
        if (year, int(mm), int(dd) % 60) > (today.year, today.month, today.day):
            year -= 100
        if sep == "+":
            year -= 100
    month, day = int(mm), int(dd)
    if day > 60:
        day -= 60
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    # A table instead of datetime.date(): this runs once per row of a million-row import.
    if (
        not 1 <= month <= 12
        or not 1 <= day <= _DAYS[month]
        or (month == 2 and day == 29 and not leap)
    ):
        raise InvalidIdentifier(N_("the date part is not a valid date of birth"))
    return f"{year:04d}{mm}{dd}{tail}"


def birth_date_of(personnummer: str) -> datetime.date:
    """Birth date from a normalised personnummer; samordningsnummer have day + 60."""
    year, month, day = int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8])
    if day > 60:
        day -= 60
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise InvalidIdentifier(N_("the date part is not a valid date of birth")) from exc


def check_digit(nine_digits: str) -> str:
    """The Luhn digit that completes YYMMDDNNN (used to make test and benchmark data too)."""
    return next(d for d in "0123456789" if luhn_ok(nine_digits + d))


_ORGNR = re.compile(r"(16)?(\d{6})-?(\d{4})", re.ASCII)


def normalise_org_number(raw: str) -> str:
    """NNNNNN-NNNN (optionally with the 16 prefix) → NNNNNN-NNNN, Luhn-checked."""
    match = _ORGNR.fullmatch(raw.strip())
    if not match:
        raise InvalidIdentifier(N_("use NNNNNN-NNNN"))
    digits = match.group(2) + match.group(3)
    if int(digits[2]) < 2:
        raise InvalidIdentifier(N_("the third digit of an organisation number is at least 2"))
    if not luhn_ok(digits):
        raise InvalidIdentifier(N_("the check digit is wrong"))
    return f"{digits[:6]}-{digits[6:]}"


# The local part: RFC 5322 "atext" in dot-separated runs (no leading, trailing or double dot).
# The domain: letter/digit labels with inner hyphens, at least two, the last at least two
# characters and not all digits. ASCII only: many mail systems still refuse UTF-8 addresses,
# and the import guide has always told customers to leave å, ä and ö out; the same holds for
# every letter outside plain ASCII (æ, ø, é, ü, č, ř …), refused with one message (issue 23).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(
    rf"{_ATEXT}(?:\.{_ATEXT})*@(?:{_LABEL}\.)+(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]",
    re.ASCII,
)
EMAIL_MAX_LENGTH = 254  # RFC 5321's path limit less the angle brackets
EMAIL_RULE = N_(
    'not an e-mail address: it needs "@" and "." and no spaces and no letters outside plain '
    "ASCII (å, ä, ö, æ, ø, é, ü, č …)"
)


def normalise_email(raw: str) -> str:
    """An address as stored: trimmed and lower-cased (one spelling, so lookups compare)."""
    value = raw.strip()
    if len(value) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(value):
        raise InvalidIdentifier(EMAIL_RULE)
    return value.lower()


def is_email(raw: str) -> bool:
    try:
        normalise_email(raw)
    except InvalidIdentifier:
        return False
    return True


# A Swedish number in national notation: 0, then digits with spaces or hyphens.
_SWEDISH_NATIONAL = re.compile(r"0[1-9][0-9 -]*")
_SWEDISH_LENGTHS = frozenset(
    phonenumbers.PhoneMetadata.metadata_for_region("SE").general_desc.possible_length
)


def normalise_phone(raw: str, default_region: str) -> str:
    """Any reasonable notation → E.164 (+46701234567); national numbers use default_region."""
    if default_region == "SE":
        quick = _swedish_national(raw)
        if quick is not None:
            return quick
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifier(N_("not a phone number")) from exc
    # "Possible" (right length for the country), not "valid" (a range assigned today): old
    # registers hold numbers from ranges since renumbered, and refusing them loses the member.
    if not phonenumbers.is_possible_number(number):
        raise InvalidIdentifier(N_("not a valid phone number (wrong number of digits)"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _swedish_national(raw: str) -> str | None:
    """'070-123 45 67' → '+46701234567' without the library's general parser, which costs
    ~30 µs a number: most of a large import's validation. Only the notation whose answer is
    plain (national prefix 0 dropped, a possible length left); anything else returns None for
    the library to decide. shared/tests/test_identifiers.py compares both on random numbers."""
    if not _SWEDISH_NATIONAL.fullmatch(raw):
        return None
    national = raw.replace(" ", "").replace("-", "")[1:]
    return "+46" + national if len(national) in _SWEDISH_LENGTHS else None
