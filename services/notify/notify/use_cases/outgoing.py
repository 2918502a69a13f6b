"""Messages staff write, and reminders crm asks for: to persons, on their channels."""

from __future__ import annotations

from foyer_shared.db import Database
from notify.domain import errors
from notify.domain.states import EMAIL, SMS
from notify.models import Message
from notify.repository import ContactRepository
from notify.use_cases.composing import compose, reminder_channels, suppressed, when
from notify.use_cases.queueing import in_one_insert, look_up_flagged


def staff_message(
    db: Database, person_ids: list[str], subject: str, body: str, sender: str, channel: str
) -> list[Message]:
    """One message per person (and channel); unknown persons refuse the whole request."""
    wanted = list(dict.fromkeys(person_ids))
    with db.transaction() as session:
        contacts = ContactRepository(session).many(wanted)
        missing = [p for p in wanted if p not in contacts]
        if missing:
            raise errors.unknown_persons(missing)
        context = {"subject": subject, "body": body, "sender_name": sender}
        rows = []
        # The queries per person (template, flagged address) need none of the rows queued
        # before them: without autoflush and outside the session, 5,000 persons are one
        # multi-row INSERT at the end.
        with session.no_autoflush, in_one_insert(session):
            look_up_flagged(session, _addresses(contacts.values()))
            for person_id in wanted:
                contact = contacts[person_id]
                wanted_channels = reminder_channels(contact) or [EMAIL]
                channels = wanted_channels if channel == "preferred" else [channel]
                rows += compose(session, "staff_message", contact, context, channels)
        return rows


def _addresses(contacts) -> list[str]:
    """Every address a message to these contacts could go to (e-mail, mobile, phone)."""
    return [a for c in contacts for a in (c.email, c.mobile_phone, c.phone) if a]


def task_reminder(session, data: dict) -> None:
    """crm's notify.task_reminder: the person's reminder preference chooses the channel."""
    contact = ContactRepository(session).get(data["person_id"])
    if contact is None:
        suppressed(session, "task_reminder", data["person_id"], "the person is not known to notify")
        return
    channels = reminder_channels(contact)
    if not channels:
        suppressed(session, "task_reminder", contact.person_id, "the person wants no reminders")
        return
    tasks = [
        {
            "title": task["title"],
            "due_at": when(task.get("due_at")),
            "contact_name": task.get("contact_name"),
            "link": task.get("link") or "",
        }
        for task in data["tasks"]
    ]
    compose(session, "task_reminder", contact, {"tasks": tasks}, channels)


CHANNELS = (EMAIL, SMS, "preferred")
