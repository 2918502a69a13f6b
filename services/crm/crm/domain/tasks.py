"""To-do rules: kinds, who sees a private one, and the colour of a reminder time against the
staff member's local day (red overdue, blue today, white later or no reminder)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from crm.domain import InvalidInput

PRIVATE, PERSON, COMPANY = "private", "person", "company"
KINDS = (PRIVATE, PERSON, COMPANY)
RED, BLUE, WHITE = "red", "blue", "white"
OPEN, CLOSED, ALL = "open", "closed", "all"


def end_of_today(now: datetime, timezone: str) -> datetime:
    """The first instant of tomorrow in the zone, as an aware datetime (UTC comparisons work)."""
    zone = ZoneInfo(timezone)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=zone)


def start_of_today(now: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    return datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)


def colour(remind_at: datetime | None, now: datetime, timezone: str) -> str:
    if remind_at is None or remind_at >= end_of_today(now, timezone):
        return WHITE
    return RED if remind_at < start_of_today(now, timezone) else BLUE


def check_link(kind: str, contact, field: str = "contact_id") -> None:
    """A private to-do is about no card; a person's or company's to-do is about one of its kind."""
    if kind == PRIVATE:
        if contact is not None:
            raise InvalidInput.one(field, "a private to-do is about no card")
        return
    if contact is None:
        raise InvalidInput.one(field, f"a {kind}'s to-do needs the {kind}'s card")
    if contact.kind != kind:
        raise InvalidInput.one(field, f"the card is a {contact.kind}'s, not a {kind}'s")


def visible_to(task, user_id: str | None) -> bool:
    return task.kind != PRIVATE or task.created_by == user_id
