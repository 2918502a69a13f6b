"""Look-ups in public registers (issue 23 §1): the port, its answer, and the card comparison.

A register (SPAR for Swedish persons, ARES for Czech companies; registry/lookups/ holds the
adapters) is asked by an identifier and answers a person's or company's facts in the card's
field names. The comparison and the choice of fields to take are pure rules, here.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from typing import Protocol

from foyer_shared.identifiers import normalise_personnummer
from foyer_shared.words import N_
from registry.domain import InvalidInput

SPAR, ARES = "spar", "ares"
# The register a kind of card is looked up in, and the request field naming its identifier.
REGISTER_OF_KIND = {"person": SPAR, "company": ARES}
IDENTIFIER_FIELD = {SPAR: "personnummer", ARES: "ico"}

# Fields each register answers, in the order the comparison shows them; `TAKEABLE` are those a
# card stores and staff may take (birth date follows the personnummer; the card has no sex).
FIELDS = {
    SPAR: ("first_name", "last_name", "birth_date", "sex", "address", "postal_code", "city"),
    ARES: (
        "company_name",
        "visiting_address",
        "visiting_postal_code",
        "visiting_city",
        "country",
        "vat_number",
    ),
}
TAKEABLE = {
    SPAR: frozenset({"first_name", "last_name", "address", "postal_code", "city"}),
    ARES: frozenset(
        {"company_name", "visiting_address", "visiting_postal_code", "visiting_city", "country"}
    ),
}
# Shown for the staff's information only: the card has no such field, so nothing "differs".
NOT_ON_CARD = frozenset({"sex", "vat_number"})
ADDRESS = {
    SPAR: ("address", "postal_code", "city"),
    ARES: ("visiting_address", "visiting_postal_code", "visiting_city"),
}

# Outcomes in the look-up record.
FOUND, NOT_FOUND, TIMED_OUT, FAILED, NOT_CONFIGURED = (
    "found",
    "not_found",
    "timeout",
    "error",
    "not_configured",
)


@dataclasses.dataclass(frozen=True)
class RegisterAnswer:
    """What a register holds about one identifier, in the card's field names."""

    register: str
    identifier: str
    fields: dict  # field name -> value (text, or a date for birth_date); None when unknown


class Register(Protocol):
    """A public register. `look_up` answers or raises one of the errors below."""

    name: str

    def look_up(self, identifier: str) -> RegisterAnswer: ...


class LookupFailed(Exception):
    """The register could not answer; `register` names it, `outcome` goes to the record."""

    outcome = FAILED

    def __init__(self, register: str, message: str):
        super().__init__(message)
        self.register = register


class RegisterNotConfigured(LookupFailed):
    outcome = NOT_CONFIGURED

    def __init__(self, register: str):
        super().__init__(register, f"the register {register} is not configured here")


class RegisterTimedOut(LookupFailed):
    outcome = TIMED_OUT


class RegisterError(LookupFailed):
    outcome = FAILED


class NotInRegister(LookupFailed):
    outcome = NOT_FOUND


_ICO = re.compile(r"\d{8}", re.ASCII)


def normalise_ico(raw: str) -> str:
    """A Czech company id (IČO): eight digits, the last a mod-11 check digit."""
    digits = "".join(raw.split())
    if not _ICO.fullmatch(digits):
        raise ValueError(N_("an IČO has eight digits"))
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 10
    if int(digits[7]) != check:
        raise ValueError(N_("not a valid IČO (check digit)"))
    return digits


def identifier_for(register: str, given: str | None, card: dict) -> str:
    """The identifier to ask with: the one given, else the card's; 422 naming the field."""
    field = IDENTIFIER_FIELD[register]
    raw = given if given is not None else card.get(field)
    if not raw:
        raise InvalidInput.one(field, "required: the card holds none, send one")
    try:
        if register == SPAR:
            return normalise_personnummer(raw)
        return normalise_ico(raw)
    except ValueError as exc:
        raise InvalidInput.one(field, str(exc)) from exc


def compare(answer: RegisterAnswer, card: dict) -> list[dict]:
    """Per field: the card's value, the register's, whether they differ, whether it is takeable."""
    rows = []
    for name in FIELDS[answer.register]:
        on_card, found = _text(card.get(name)), _text(answer.fields.get(name))
        rows.append(
            {
                "field": name,
                "card": on_card,
                "register": found,
                "differs": name not in NOT_ON_CARD and (on_card or None) != (found or None),
                "takeable": name in TAKEABLE[answer.register] and found is not None,
            }
        )
    return rows


def chosen(answer: RegisterAnswer, names: list[str]) -> dict:
    """The register's values of the chosen fields; 422 naming `fields` for any not takeable or
    without a value in the register."""
    refused = [n for n in names if n not in TAKEABLE[answer.register]]
    if refused:
        raise InvalidInput.one("fields", f"not takeable from {answer.register}: {refused}")
    # An empty answer never clears the card (a protected identity has no address in SPAR).
    empty = [n for n in names if answer.fields.get(n) in (None, "")]
    if empty:
        raise InvalidInput.one("fields", f"{answer.register} holds no value for {empty}")
    if not names:
        raise InvalidInput.one("fields", "choose at least one field")
    return {name: answer.fields.get(name) for name in names}


def _text(value) -> str | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
