"""SPAR, the Swedish population register, through a JSON gateway (docs/registry.md → Look-ups).

SPAR itself is a SOAP service (PersonsokningFraga/PersonsokningSvar) that needs a client
certificate; installations reach it through a small JSON gateway of their own. Foyer expects
this shape from it, named after SPAR's own elements:

    GET {base}/personer/{personnummer as 12 digits}
    200 {"idNummer": "198001011234", "fornamn": "Åsa Maria", "tilltalsnamn": "Åsa",
         "efternamn": "Lindström", "fodelsedatum": "1980-01-01", "kon": "K",
         "folkbokforingsadress": {"utdelningsadress2": "Storgatan 1", "postNr": "11122",
                                  "postort": "STOCKHOLM"}}
    404 when SPAR knows no such person
"""

from __future__ import annotations

import datetime

import requests

from registry.domain.lookups import SPAR, RegisterAnswer, RegisterError
from registry.lookups.http import get_json

_SEX = {"K": "female", "M": "male"}


class SparRegister:
    name = SPAR

    def __init__(self, base_url: str, timeout: float, session: requests.Session | None = None):
        self._base, self._timeout = base_url.rstrip("/"), timeout
        self._session = session or requests.Session()

    def look_up(self, identifier: str) -> RegisterAnswer:
        digits = identifier.replace("-", "").replace("+", "")
        body = get_json(SPAR, self._session, f"{self._base}/personer/{digits}", self._timeout)
        return RegisterAnswer(SPAR, identifier, parse(body))


def parse(body: dict) -> dict:
    """The card's fields from the gateway's answer; RegisterError when it is not that shape."""
    try:
        address = body.get("folkbokforingsadress") or {}
        born = body.get("fodelsedatum")
        return {
            "first_name": body.get("tilltalsnamn") or body.get("fornamn"),
            "last_name": body.get("efternamn"),
            "birth_date": datetime.date.fromisoformat(born) if born else None,
            "sex": _SEX.get(body.get("kon") or ""),
            "address": address.get("utdelningsadress2"),
            "postal_code": _postal_code(address.get("postNr")),
            "city": (address.get("postort") or "").title() or None,
        }
    except (AttributeError, TypeError, ValueError) as exc:
        raise RegisterError(SPAR, "spar answered an unexpected shape") from exc


def _postal_code(value) -> str | None:
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    return f"{digits[:3]} {digits[3:]}" if len(digits) == 5 else (digits or None)
