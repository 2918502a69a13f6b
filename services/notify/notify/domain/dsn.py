"""Reading a delivery status notification (RFC 3464): which message bounced, and why."""

from __future__ import annotations

import dataclasses
import re
from email import message_from_bytes, policy
from email.message import Message

_OUR_ID = re.compile(r"<([0-9a-f-]{36})@([^>]+)>")


@dataclasses.dataclass(frozen=True)
class Bounce:
    message_id: str | None  # notify's id, from the original Message-ID
    recipient: str | None
    status: str  # e.g. 5.1.1
    diagnostic: str


def read(raw: bytes, domain: str) -> Bounce | None:
    """The permanent failure a DSN reports, or None (a delay, a success, or not a DSN)."""
    mail = message_from_bytes(raw, policy=policy.default)
    if mail.get_content_type() != "multipart/report":
        return None
    fields = _recipient_fields(mail)
    action = (fields.get("action") or "").lower()
    status = fields.get("status") or ""
    if action != "failed" or not status.startswith("5"):
        return None
    recipient = fields.get("final-recipient") or fields.get("original-recipient") or ""
    recipient = recipient.split(";", 1)[-1].strip() or None
    diagnostic = fields.get("diagnostic-code") or ""
    return Bounce(_original_id(mail, domain), recipient, status, diagnostic)


def _recipient_fields(mail: Message) -> dict[str, str]:
    for part in mail.walk():
        if part.get_content_type() == "message/delivery-status":
            blocks = part.get_payload()
            fields: dict[str, str] = {}
            for block in blocks if isinstance(blocks, list) else []:
                for name, value in block.items():
                    fields.setdefault(name.lower(), str(value))
            return fields
    return {}


def _original_id(mail: Message, domain: str) -> str | None:
    for part in mail.walk():
        kind = part.get_content_type()
        if kind == "text/rfc822-headers":
            found = _OUR_ID.search(part.get_content())
        elif kind == "message/rfc822":
            inner = part.get_payload()
            header = inner[0]["Message-ID"] if isinstance(inner, list) and inner else None
            found = _OUR_ID.search(str(header or ""))
        else:
            continue
        if found and found.group(2) == domain:
            return found.group(1)
    return None
