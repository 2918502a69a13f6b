"""Addresses that turned out dead after sending: a DSN bounce mail, a provider's report."""

from __future__ import annotations

import hmac
import logging

from sqlalchemy import select

from foyer_shared.db import Database
from notify.delivery.sms import callback_token
from notify.domain import dsn
from notify.domain.errors import Invalid
from notify.domain.states import BOUNCED, DELIVERED, SENT
from notify.models import Message
from notify.use_cases import results
from notify.use_cases.sending import bounced

log = logging.getLogger(__name__)


def bounce_mail_received(db: Database, raw: bytes, domain: str) -> str | None:
    """Mark the message a DSN reports as bounced; its id, or None when it names none of ours."""
    report = dsn.read(raw, domain)
    if report is None:
        return None
    with db.transaction() as session:
        row = session.get(Message, report.message_id) if report.message_id else None
        if row is None and report.recipient:
            row = session.scalars(
                select(Message)
                .where(Message.to_address == report.recipient, Message.state == SENT)
                .order_by(Message.sent_at.desc())
                .limit(1)
            ).first()
        if row is None:
            log.info("a bounce about no message of ours (status %s)", report.status)
            return None
        _mark(session, row, f"bounce {report.status}: {report.diagnostic}"[:500])
        return row.id


def sms_report(db: Database, secret: str, message_id: str, token: str, status: str) -> None:
    """A provider's delivery report on the signed callback URL notify gave it."""
    expected = callback_token(secret, message_id) if secret else ""
    if not expected or not hmac.compare_digest(expected, token or ""):
        raise Invalid("unknown message or wrong token", "token")
    with db.transaction() as session:
        row = session.get(Message, message_id)
        if row is None:
            raise Invalid("unknown message or wrong token", "token")
        if status.lower() == "delivered" and row.state == SENT:
            row.state = DELIVERED
        elif status.lower() in ("failed", "undelivered", "rejected"):
            _mark(session, row, f"provider reported {status.lower()}")


def _mark(session, row: Message, reason: str) -> None:
    if row.state == BOUNCED:
        return  # a second report changes nothing
    row.state, row.reason = BOUNCED, reason
    bounced(session, row, reason)
    results.report(session, row)  # also after notify.message.sent: the requester corrects it
