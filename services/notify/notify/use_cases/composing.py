"""A message of a type for a person: language, channel and address chosen, template rendered,
queued (or a suppressed entry saying why it could not be sent). Inside the caller's transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.orm import Session

from notify.domain.catalogue import ACCOUNT_TYPES
from notify.domain.states import EMAIL, SMS, SUPPRESSED
from notify.domain.templates import TemplateProblem
from notify.models import Contact, Message
from notify.use_cases import templates
from notify.use_cases.queueing import queue

log = logging.getLogger(__name__)
EMAIL_PARTS = {"subject", "text", "html"}
NOBODY = {"first_name": "", "last_name": "", "email": None, "phone": None}


def compose(
    session: Session,
    kind: str,
    contact: Contact | None,
    context: dict,
    channels: list[str],
    *,
    person_id: str | None = None,
    email: str | None = None,
    bulk_id: str | None = None,
    person: dict | None = None,
    reference: dict | None = None,
) -> list[Message]:
    """One message per channel; `email` overrides the contact's (an account's own address).
    `person` fills the placeholder when notify has no contact; `reference` is a requester's
    (request_id, mailout_id, task_id: use_cases/results.py reports back to it)."""
    person_id = contact.person_id if contact is not None else person_id
    facts = contact.facts() if contact is not None else (person or NOBODY)
    context = {**context, "person": facts}
    language = contact.language if contact is not None else None
    common = {"kind": kind, "person_id": person_id, "bulk_id": bulk_id, **(reference or {})}
    try:
        chosen, rendered = templates.render_for(session, kind, language, context, _parts(channels))
    except TemplateProblem as exc:
        log.warning("template %s could not be rendered: %s", kind, exc.part)
        return [_entry(session, common, channels[0], email or "", "failed", f"template: {exc}")]
    common["language"] = chosen
    rows = []
    for channel in channels:
        address = _address(contact, channel, email)
        if not address:
            reason = f"no usable {'e-mail address' if channel == EMAIL else 'mobile number'}"
            rows.append(_entry(session, common, channel, "", SUPPRESSED, reason))
        elif channel == EMAIL:
            rows.append(
                queue(
                    session,
                    **common,
                    channel=EMAIL,
                    to_address=address,
                    subject=rendered.subject[:200],
                    body_text=rendered.text,
                    body_html=rendered.html,
                    mail_out=kind not in ACCOUNT_TYPES,
                )
            )
        else:
            rows.append(
                queue(session, **common, channel=SMS, to_address=address, body_text=rendered.sms)
            )
    return rows


def _parts(channels: list[str]) -> set[str]:
    """The template parts the channels send: rendering the others was a quarter of queueing."""
    wanted = set()
    if EMAIL in channels:
        wanted |= EMAIL_PARTS
    if SMS in channels:
        wanted.add("sms")
    return wanted


def suppressed(
    session: Session,
    kind: str,
    person_id: str | None,
    reason: str,
    *,
    reference: dict | None = None,
    state: str = SUPPRESSED,
) -> Message:
    """An entry in the person's log for a message that was never going to be sent."""
    common = {"kind": kind, "person_id": person_id, **(reference or {})}
    return _entry(session, common, EMAIL, "", state, reason)


def _entry(session, common: dict, channel: str, address: str, state: str, reason: str) -> Message:
    return queue(session, **common, channel=channel, to_address=address, state=state, reason=reason)


def _address(contact: Contact | None, channel: str, email: str | None) -> str | None:
    if channel == EMAIL:
        return email or (contact.email if contact is not None else None)
    if contact is None:
        return None
    return contact.mobile_phone or contact.phone


def reminder_channels(contact: Contact) -> list[str]:
    """The registry's reminder preferences: e-mail, SMS, both or none."""
    wanted = ((EMAIL, contact.remind_by_email), (SMS, contact.remind_by_sms))
    return [channel for channel, yes in wanted if yes]


def when(value: str | datetime | None) -> str:
    """A time for a reader: "2026-12-01 08:00 UTC"."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%Y-%m-%d %H:%M UTC")
