"""Swedish personnummer and organisation numbers (Luhn), phone numbers (E.164)."""

from __future__ import annotations

import re
from datetime import date

import phonenumbers

from foyer_shared.luhn import luhn_ok

# ASCII digits only: "\d" alone would also take other scripts' digits (٣, ３).
_PNR = re.compile(r"^(\d{2})?(\d{6})([-+]?)(\d{4})$", re.ASCII)
_ORGNR = re.compile(r"^(16)?(\d{6})-?(\d{4})$", re.ASCII)


def check_digit(nine_digits: str) -> str:
    """The Luhn digit that completes YYMMDDNNN (used to make test and benchmark data too)."""
    return next(d for d in "0123456789" if luhn_ok(nine_digits + d))


def normalise_personnummer(raw: str, today: date | None = None) -> str:
    """YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDDNNNN or YYYYMMDDNNNN → YYYYMMDDNNNN, or ValueError.

    With two-digit years the century is the latest that puts the birth date not in the future
    (as imports judges it); a '+' separator (Skatteverket's sign for 100 years or older) moves
    it one century back.
    """
    match = _PNR.match(raw.strip())
    if not match:
        raise ValueError("use YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDDNNNN or YYYYMMDDNNNN")
    century, yymmdd, sep, last4 = match.groups()
    if century is None:
        today = today or date.today()
        year = 2000 + int(yymmdd[:2])
        # Day + 60 is a samordningsnummer: the date is the day less 60.
        born = (year, int(yymmdd[2:4]), int(yymmdd[4:6]) % 60)
        if born > (today.year, today.month, today.day):
            year -= 100
        if sep == "+":
            year -= 100
        century = str(year)[:2]
    full = f"{century}{yymmdd}{last4}"
    if not luhn_ok(full[2:]):
        raise ValueError("the check digit is wrong")
    birth_date_of(full)  # raises for an impossible date
    return full


def birth_date_of(personnummer: str) -> date:
    """Birth date from a normalised personnummer; samordningsnummer have day + 60."""
    year, month, day = int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8])
    if day > 60:
        day -= 60
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError("not a valid date of birth") from exc


def normalise_org_number(raw: str) -> str:
    """NNNNNN-NNNN (optionally with the 16 prefix) → NNNNNN-NNNN, Luhn-checked."""
    match = _ORGNR.match(raw.strip())
    if not match:
        raise ValueError("use NNNNNN-NNNN")
    digits = match.group(2) + match.group(3)
    if int(digits[2]) < 2:
        raise ValueError("the third digit of an organisation number is at least 2")
    if not luhn_ok(digits):
        raise ValueError("the check digit is wrong")
    return f"{digits[:6]}-{digits[6:]}"


# A Swedish number in national notation: 0, then digits with spaces or hyphens.
_SWEDISH_NATIONAL = re.compile(r"0[1-9][0-9 -]*")
_SWEDISH_LENGTHS = frozenset(
    phonenumbers.PhoneMetadata.metadata_for_region("SE").general_desc.possible_length)


def normalise_phone(raw: str, default_region: str) -> str:
    """Any reasonable notation → E.164 (+46701234567); national numbers use default_region."""
    if default_region == "SE":
        quick = _swedish_national(raw)
        if quick is not None:
            return quick
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number") from exc
    # "Possible" (right length for the country), not "valid" (a range assigned today): old
    # registers hold numbers from ranges since renumbered, and refusing them loses the member.
    if not phonenumbers.is_possible_number(number):
        raise ValueError("not a valid phone number (wrong number of digits)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _swedish_national(raw: str) -> str | None:
    """'070-123 45 67' → '+46701234567' without the library's general parser, which costs
    ~30 µs a number: most of a large import's validation. Only the notation whose answer is
    plain (national prefix 0 dropped, a possible length left); anything else returns None for
    the library to decide. tests/unit/test_identifiers.py compares both on random numbers."""
    if not _SWEDISH_NATIONAL.fullmatch(raw):
        return None
    national = raw.replace(" ", "").replace("-", "")[1:]
    return "+46" + national if len(national) in _SWEDISH_LENGTHS else None
