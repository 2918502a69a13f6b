"""What crm asks notify to send: a to-do's reminder to its assignee (notify.send_reminder) and
one recipient of a mail-out (notify.send_email). Both go through the usual delivery path
(templates, the communication log, flagged addresses suppressed) and carry crm's reference,
so notify.message.sent / failed reach crm (use_cases/results.py). In the consumer's
transaction: the inbox drops a redelivered command, and a second command for the same
mail-out recipient (`message_id`) is dropped here too.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from notify.domain.states import EMAIL, FAILED, SUPPRESSED
from notify.repository import ContactRepository, MessageRepository
from notify.use_cases.composing import compose, reminder_channels, suppressed, when

log = logging.getLogger(__name__)

FREE_TEXT = "staff_message"  # a free-text mail-out is a staff-written message
TEMPLATED = "mailout"  # the template a mail-out may name instead (notify's, the owner edits it)
VARIABLES = ("name", "first_name", "last_name")


def send_reminder(session: Session, data: dict) -> None:
    """Remind the assignee on the channels their reminder preferences choose (crm's copy of
    their address when notify has none); none wanted or possible: a suppressed entry."""
    person_id = data.get("person_id")
    contact = ContactRepository(session).get(person_id) if person_id else None
    reference = {"task_id": data["task_id"]}
    channels = reminder_channels(contact) if contact is not None else [EMAIL]
    if not channels:
        _suppressed(session, "task_reminder", person_id, "the person wants no reminders", reference)
        return
    title = data["subject"].removeprefix("Reminder: ")
    task = {"title": title, "due_at": when(data["remind_at"]), "contact_name": None, "link": ""}
    compose(
        session,
        "task_reminder",
        contact,
        {"tasks": [task]},
        channels,
        person_id=person_id,
        email=data.get("email") if contact is None or not contact.email else None,
        reference=reference,
    )


def send_email(session: Session, data: dict) -> None:
    """One mail-out recipient, to the address crm chose (as its preview counted them)."""
    if MessageRepository(session).by_request(data["message_id"]) is not None:
        log.info("mail-out message %s is queued already", data["message_id"])
        return
    contact = ContactRepository(session).get(data["person_id"])
    variables = {k: str(v) for k, v in (data.get("variables") or {}).items()}
    reference = {"request_id": data["message_id"], "mailout_id": data["mailout_id"]}
    person = {
        "first_name": variables.get("first_name", ""),
        "last_name": variables.get("last_name", ""),
        "email": data["email"],
        "phone": None,
    }
    kind, context = _content(data, variables)
    if kind is None:
        reason = f"unknown template {data['template']!r}: a mail-out may name {TEMPLATED!r}"
        _suppressed(session, FREE_TEXT, data["person_id"], reason, reference, FAILED)
        return
    compose(
        session,
        kind,
        contact,
        context,
        [EMAIL],
        person_id=data["person_id"],
        email=data["email"],
        person=person,
        reference=reference,
    )


def _content(data: dict, variables: dict) -> tuple[str | None, dict]:
    """(message type, its context): the free text with its variables filled in, or the
    "mailout" template (the owner's, in notify); None for a template notify does not have."""
    sender = {"sender_name": data.get("sent_by") or ""}
    template = data.get("template")
    if template:
        return (TEMPLATED, sender) if template == TEMPLATED else (None, sender)
    subject, body = data.get("subject") or "", data.get("body") or ""
    return FREE_TEXT, {"subject": fill(subject, variables), "body": fill(body, variables), **sender}


def fill(text: str, variables: dict) -> str:
    """`{first_name}`, `{last_name}`, `{name}` replaced; any other brace left as written (a
    free text is not a template: a stray brace must not fail the mail)."""
    for name in VARIABLES:
        text = text.replace("{" + name + "}", variables.get(name, ""))
    return text


def _suppressed(session, kind, person_id, reason, reference, state=SUPPRESSED) -> None:
    row = suppressed(session, kind, person_id, reason, reference=reference, state=state)
    log.info("%s for %s not sent: %s", kind, row.person_id, row.state)
