"""A message row becomes an RFC 5322 e-mail: text and HTML parts, notify's own Message-ID."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import quote

from foyer_shared.db import utcnow


def message_id(row_id: str, domain: str) -> str:
    """Stable for the message: a resend after a crash carries the same id (receivers dedupe)."""
    return f"<{row_id}@{domain}>"


def build(
    *,
    row_id: str,
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    domain: str,
    unsubscribe: str | None = None,
) -> bytes:
    """The bytes sent after DATA (CRLF line ends); `unsubscribe` a mailto or URL for mail-outs."""
    mail = EmailMessage(policy=SMTP)
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = format_datetime(utcnow())
    mail["Message-ID"] = message_id(row_id, domain)
    if unsubscribe:
        mail["List-Unsubscribe"] = f"<{unsubscribe}>"
        if unsubscribe.startswith("https:"):
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(text or "")
    if html:
        mail.add_alternative(html, subtype="html")
    return mail.as_bytes()


def unsubscribe_address(template: str, row_id: str, person_id: str | None) -> str | None:
    """The configured address with {message_id} and {person_id} filled in (URL-quoted)."""
    if not template:
        return None
    return template.format(message_id=quote(row_id), person_id=quote(person_id or ""))
