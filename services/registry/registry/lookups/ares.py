"""ARES, the Czech register of economic subjects, by its public REST JSON interface.

GET {base}/ekonomicke-subjekty/{ico}
(base: https://ares.gov.cz/ekonomicke-subjekty-v-be/rest)
200 {"ico": "27074358", "obchodniJmeno": "Asseco Central Europe, a.s.", "dic": "CZ27074358",
     "sidlo": {"kodStatu": "CZ", "nazevObce": "Praha", "nazevCastiObce": "Michle",
               "nazevUlice": "Budějovická", "cisloDomovni": 778, "cisloOrientacni": 3,
               "cisloOrientacniPismeno": "a", "psc": 14000, "textovaAdresa": "..."}}
404 {"kod": "NENALEZENO", ...} when ARES knows no such subject
"""

from __future__ import annotations

import requests

from registry.domain.lookups import ARES, RegisterAnswer, RegisterError
from registry.lookups.http import get_json


class AresRegister:
    name = ARES

    def __init__(self, base_url: str, timeout: float, session: requests.Session | None = None):
        self._base, self._timeout = base_url.rstrip("/"), timeout
        self._session = session or requests.Session()

    def look_up(self, identifier: str) -> RegisterAnswer:
        url = f"{self._base}/ekonomicke-subjekty/{identifier}"
        return RegisterAnswer(
            ARES, identifier, parse(get_json(ARES, self._session, url, self._timeout))
        )


def parse(body: dict) -> dict:
    """The company card's fields from ARES's answer; RegisterError when it is not that shape."""
    try:
        seat = body.get("sidlo") or {}
        return {
            "company_name": body.get("obchodniJmeno"),
            "visiting_address": street_line(seat),
            "visiting_postal_code": _psc(seat.get("psc")),
            "visiting_city": seat.get("nazevObce"),
            "country": seat.get("kodStatu"),
            "vat_number": body.get("dic"),
        }
    except (AttributeError, TypeError, ValueError) as exc:
        raise RegisterError(ARES, "ares answered an unexpected shape") from exc


def street_line(seat: dict) -> str | None:
    """ "Budějovická 778/3a": the street (or, in a village, the part of the municipality), the
    house number, and after a slash the orientation number with its letter."""
    place = seat.get("nazevUlice") or seat.get("nazevCastiObce")
    number = str(seat.get("cisloDomovni") or "")
    if seat.get("cisloOrientacni"):
        number += f"/{seat['cisloOrientacni']}{seat.get('cisloOrientacniPismeno') or ''}"
    line = " ".join(part for part in (place, number) if part)
    return line or seat.get("textovaAdresa")


def _psc(value) -> str | None:
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else (digits or None)
