"""Checking and normalising a person's or company's fields before they are stored."""

from __future__ import annotations

import re

from foyer_shared.identifiers import (
    birth_date_of,
    normalise_email,
    normalise_org_number,
    normalise_personnummer,
    normalise_phone,
)
from foyer_shared.text import check_text
from foyer_shared.words import N_
from registry.domain import InvalidInput
from registry.models.person import COMPANY, COMPANY_FIELDS, PERSON_FIELDS

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_REQUIRED = {"person": ("first_name", "last_name"), "company": ("company_name",)}
_MULTI_LINE = frozenset({"note", "important_note"})  # the rest are single lines


def clean(fields: dict, kind: str, region: str, creating: bool) -> dict:
    """Normalised fields (plus derived birth_date), or InvalidInput naming every bad field."""
    allowed = _COMPANY_FIELDS if kind == COMPANY else _PERSON_FIELDS
    errors: dict[str, list[str]] = {}
    out: dict = {}
    for name, value in fields.items():
        if name not in allowed:
            errors[name] = [f"not a field of a {kind}"]
            continue
        normalise = _NORMALISERS.get(name)
        try:
            if isinstance(value, str):  # an imported cell or a bulk value, not only the API's
                value = check_text(value, multi_line=name in _MULTI_LINE).strip() or None
            out[name] = value if normalise is None or value is None else normalise(value, region)
        except ValueError as exc:
            errors[name] = [str(exc)]
    for name in _REQUIRED[kind]:
        if (creating and name not in fields) or (name in out and out[name] is None):
            errors.setdefault(name, [N_("required")])
    if errors:
        raise InvalidInput(errors)
    if "personnummer" in out:
        pnr = out["personnummer"]
        out["birth_date"] = birth_date_of(pnr) if pnr else None
    return out


def _country(value: str, _region: str) -> str:
    if not _COUNTRY.match(value.upper()):
        raise ValueError(N_("use a two-letter ISO 3166 country code, e.g. SE"))
    return value.upper()


def _language(value: str, _region: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(N_("use a language code such as sv, en or sv-FI"))
    return value


# Fields with a rule (the rest are kept as given, trimmed); a lookup, as an import checks a
# million of these.
_NORMALISERS = {
    "personnummer": lambda value, _region: normalise_personnummer(value),
    "org_number": lambda value, _region: normalise_org_number(value),
    "phone": normalise_phone,
    "mobile_phone": normalise_phone,
    "email": lambda value, _region: normalise_email(value),
    "country": _country,
    "language": _language,
}
_PERSON_FIELDS, _COMPANY_FIELDS = frozenset(PERSON_FIELDS), frozenset(COMPANY_FIELDS)
