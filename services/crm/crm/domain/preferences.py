"""Checks of the CRM's settings (the owner's choices), without I/O."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crm.domain import InvalidInput
from foyer_shared.access import BUILT_IN_ROLE_NAMES
from foyer_shared.words import N_

DEFAULT_TIMEZONE = "Europe/Stockholm"
# identity's built-in roles (docs/access.md); custom ones the CRM learns from identity's events.
BUILT_IN_ROLES = BUILT_IN_ROLE_NAMES


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        said = N_("unknown time zone %(name)s") % {"name": repr(name)}
        raise InvalidInput.one("timezone", said) from None
    return name


def check_role(name: str | None, known: set[str], field: str) -> str | None:
    if name is not None and name not in known:
        raise InvalidInput.one(field, f"unknown role {name!r}")
    return name
