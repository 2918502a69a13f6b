"""Swedish personnummer: the accepted forms, the Luhn check, and the stored form YYYYMMDDNNNN."""

from __future__ import annotations

import datetime
import re

from foyer_shared.luhn import luhn_ok

# ASCII digits only: "\d" alone would also take other scripts' digits (٣, ３).
_FORM = re.compile(r"(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})", re.ASCII)


_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class InvalidPersonnummer(ValueError):
    pass


def normalise(raw: str, today: datetime.date) -> str:
    """YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN or YYYYMMDDNNNN → YYYYMMDDNNNN.

    A 10-digit form gets the century that makes the person at most 100 years old ('+' marks
    someone older, as Skatteverket writes it). Day + 60 (samordningsnummer) is accepted.
    """
    match = _FORM.fullmatch(raw.replace(" ", ""))
    if match is None:
        raise InvalidPersonnummer("expected YYYYMMDD-NNNN or YYMMDD-NNNN")
    century, yy, mm, dd, sep, tail = match.groups()
    if not luhn_ok(yy + mm + dd + tail):
        raise InvalidPersonnummer("the check digit is wrong")
    if century:
        year = int(century + yy)
    else:
        year = 2000 + int(yy)
        if (year, int(mm), int(dd) % 60) > (today.year, today.month, today.day):
            year -= 100
        if sep == "+":
            year -= 100
    month, day = int(mm), int(dd)
    if day > 60:
        day -= 60
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS[month] or (
            month == 2 and day == 29 and not leap):
        raise InvalidPersonnummer("the date part is not a date")
    return f"{year:04d}{mm}{dd}{tail}"
