"""Putting a rendered message in the send queue (inside the caller's transaction)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from foyer_shared.db import new_id
from foyer_shared.messaging.wakeup import notify as wake
from notify.domain.states import QUEUED, SUPPRESSED
from notify.models import Message
from notify.repository import MessageRepository, SuppressionRepository
from notify.use_cases import results

WAKEUP_CHANNEL = "foyer_notify_send"  # the senders LISTEN on it (delivery/sender.py)


def queue(session: Session, **fields) -> Message:
    """A message row, queued; suppressed at once when its address is flagged or missing.

    `fields` are Message columns: kind, channel, to_address, person_id, subject, body_text,
    body_html, mail_out, language, bulk_id, request_id, mailout_id, task_id; `reason` with
    state suppressed when given. A row never sent is reported to its requester at once."""
    row = Message(**fields)
    row.id = row.id or new_id()
    row.state = fields.get("state") or QUEUED
    if row.state == QUEUED:
        flagged = SuppressionRepository(session).flagged([row.to_address])
        if row.to_address.lower() in flagged:
            row.state = SUPPRESSED
            row.reason = f"address flagged: {flagged[row.to_address.lower()].reason}"
    MessageRepository(session).add(row)
    if row.state == QUEUED:
        _wake_once(session)
    else:
        results.report(session, row)  # never sent: a requester hears of it now
    return row


def _wake_once(session: Session) -> None:
    """One NOTIFY per transaction (PostgreSQL delivers one at commit anyway): a message to
    5,000 persons is not 5,000 round trips."""
    transaction = session.get_transaction()
    if session.info.get(WAKEUP_CHANNEL) is not transaction:
        wake(session, WAKEUP_CHANNEL)
        session.info[WAKEUP_CHANNEL] = transaction
