"""A message row becomes an RFC 5322 e-mail: text and HTML parts, notify's own Message-ID."""

from __future__ import annotations

from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import quote

from foyer_shared.db import utcnow

# The compat32 MIME classes: a quarter of the time of EmailMessage with the SMTP policy (its
# header parsing and refolding was the sender's largest cost, bench/notify_send.py).
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable in the raw mail, 7-bit safe, lines folded at 76
_CRLF = compat32.clone(linesep="\r\n")


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
    if any(c in to + sender for c in "\r\n"):
        raise ValueError("a line break in an address")
    body = MIMEText(text or "", "plain", _UTF8)
    mail = body
    if html:
        mail = MIMEMultipart("alternative", _subparts=[body, MIMEText(html, "html", _UTF8)])
    mail["From"] = formataddr(parseaddr(sender), charset="utf-8")
    mail["To"] = to
    mail["Subject"] = _header(" ".join(subject.split()))  # no line break can start a header
    mail["Date"] = format_datetime(utcnow())
    mail["Message-ID"] = message_id(row_id, domain)
    if unsubscribe:
        mail["List-Unsubscribe"] = f"<{unsubscribe}>"
        if unsubscribe.startswith("https:"):
            mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return mail.as_bytes(policy=_CRLF)


def _header(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8").encode()


def unsubscribe_address(template: str, row_id: str, person_id: str | None) -> str | None:
    """The configured address with {message_id} and {person_id} filled in (URL-quoted)."""
    if not template:
        return None
    return template.format(message_id=quote(row_id), person_id=quote(person_id or ""))
