"""The CRM as the console shows it: the to-do badge, labels, staff names and local times."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g
from flask_babel import lazy_gettext as _l

from console import api
from console.access import can, me
from console.client import ApiError

log = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "Europe/Stockholm"
STATUSES = ("prospect", "customer", "former")
# The API's colour of a to-do, said in words too: colour alone is not enough (WCAG 1.4.1).
STATE_WORDS = {
    "red": _l("Overdue"),
    "blue": _l("Due today"),
    "white": _l("Later"),
    "done": _l("Done"),
}
STATUS_WORDS = {"prospect": _l("Prospect"), "customer": _l("Customer"), "former": _l("Former")}


def badge() -> int | None:
    """My open to-dos due today or overdue: one cheap call a page, asked only of users who may
    read to-dos; None when the CRM does not answer (the menu must not break a page)."""
    if "todo_badge" not in g:
        g.todo_badge = None
        if can("crm.tasks.read"):
            try:
                g.todo_badge = int(api.json("GET", "/api/crm/tasks/badge")["count"])
            except (ApiError, KeyError, TypeError, ValueError) as failed:
                log.info("no to-do badge: %s", failed)
    return g.todo_badge


def timezone() -> ZoneInfo:
    """The CRM's time zone (its colours use the same local day)."""
    if "crm_timezone" not in g:
        settings = api.optional("/api/crm/settings", {}) if can("crm.contacts.read") else {}
        try:
            g.crm_timezone = ZoneInfo((settings or {}).get("timezone") or DEFAULT_TIMEZONE)
        except (ZoneInfoNotFoundError, ValueError):
            g.crm_timezone = ZoneInfo(DEFAULT_TIMEZONE)
    return g.crm_timezone


def local(value: str | None) -> datetime | None:
    """An API time (ISO 8601 with its zone) in the CRM's time zone."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone())


def from_form(day: str, clock: str) -> str | None:
    """A date and a time typed in the CRM's local time, as ISO 8601 with its offset;
    ValueError when they do not make a time."""
    day, clock = day.strip(), clock.strip() or "09:00"
    if not day:
        return None
    naive = datetime.fromisoformat(f"{day}T{clock}")
    return naive.replace(tzinfo=timezone()).isoformat()


def labels(url: str, **params) -> list[dict]:
    """Tags or types in use (not archived), [] when the user may not read them."""
    return api.optional(f"/api/crm/{url}", [], params={"archived": "false", **params}) or []


def staff() -> dict[str, str]:
    """{user id: username} of the accounts the user may read ({} otherwise): who is who in
    the responsible and assignee fields."""
    if "crm_staff" not in g:
        users = []
        if can("identity.users.read"):
            users = api.optional(
                "/api/identity/users", [], params={"status": "active", "page_size": 100}
            )
        g.crm_staff = {user["id"]: user["username"] for user in users or []}
    return g.crm_staff


def who(user_id: str | None) -> str:
    if not user_id:
        return "–"
    user = me()
    if user and user.user_id == user_id:
        return user.username
    return staff().get(user_id) or user_id
