"""A message row becomes an RFC 5322 e-mail: text and HTML parts, notify's own Message-ID."""

from __future__ import annotations

import functools
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
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
    headers = [
        ("To", to),
        ("Date", format_datetime(utcnow())),
        ("Message-ID", message_id(row_id, domain)),
    ]
    if unsubscribe:
        headers.append(("List-Unsubscribe", f"<{unsubscribe}>"))
        if unsubscribe.startswith("https:"):
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    body_headers, body = _body(text or "", html)
    lines = (_header_line(name, value) for name, value in headers)
    return b"".join([body_headers, _shared_lines(sender, subject), *lines, b"\r\n", body])


@functools.lru_cache(maxsize=32)
def _shared_lines(sender: str, subject: str) -> bytes:
    """From and Subject, the same in each copy of a mail-out: parsing the sender and encoding
    a non-ASCII subject were a third of the sender's CPU when done for every mail."""
    return _header_line("From", formataddr(parseaddr(sender), charset="utf-8")) + _header_line(
        "Subject",
        _subject(" ".join(subject.split())),  # no line break can start a header
    )


@functools.lru_cache(maxsize=32)
def _body(text: str, html: str | None) -> tuple[bytes, bytes]:
    """(MIME-Version and Content-* header lines, the encoded body) of a text and its HTML:
    encoded once for a mail-out's thousands of identical copies (the encoding and header
    folding were most of a sender's CPU, bench/notify_send.py)."""
    part = MIMEText(text, "plain", _UTF8)
    mail = part
    if html:
        mail = MIMEMultipart("alternative", _subparts=[part, MIMEText(html, "html", _UTF8)])
    head, _, body = mail.as_bytes(policy=_CRLF).partition(b"\r\n\r\n")
    return head + b"\r\n", body


def _header_line(name: str, value: str) -> bytes:
    """`Name: value` + CRLF; folded by the email package only when it must be (non-ASCII or
    longer than a line)."""
    line = f"{name}: {value}\r\n"
    if line.isascii() and len(line) <= 78:
        return line.encode("ascii")
    if value.isascii() and not any(c.isspace() for c in value) and len(value) < 997:
        # One long word (a List-Unsubscribe URL with the message's ids) cannot be folded: the
        # email package moves it to a continuation line, as here, at ten times the cost.
        return f"{name}: \r\n {value}\r\n".encode("ascii")
    folded = Message(policy=_CRLF)
    folded[name] = value
    return folded.as_bytes(policy=_CRLF).partition(b"\r\n\r\n")[0] + b"\r\n"


def _subject(value: str) -> str:
    """Encoded words for a non-ASCII subject, the first on the `Subject:` line itself (else a
    reader shows the subject with a leading space)."""
    return value if value.isascii() else Header(value, "utf-8", header_name="Subject").encode()


def unsubscribe_address(template: str, row_id: str, person_id: str | None) -> str | None:
    """The configured address with {message_id} and {person_id} filled in (URL-quoted)."""
    if not template:
        return None
    return template.format(message_id=quote(row_id), person_id=quote(person_id or ""))
