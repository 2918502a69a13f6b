"""Putting a rendered message in the send queue (inside the caller's transaction)."""

from __future__ import annotations

import contextlib

from sqlalchemy.orm import Session

from foyer_shared.db import new_id
from foyer_shared.messaging.wakeup import notify as wake
from notify.domain.states import QUEUED, SUPPRESSED
from notify.models import Message
from notify.repository import MessageRepository, SuppressionRepository
from notify.use_cases import results

WAKEUP_CHANNEL = "foyer_notify_send"  # the senders LISTEN on it (delivery/sender.py)
FLAGGED = "notify.flagged"  # session.info: the addresses looked up at once for this transaction
IN_ONE_INSERT = "notify.in_one_insert"  # session.info: the rows in_one_insert() collects


def queue(session: Session, **fields) -> Message:
    """A message row, queued; suppressed at once when its address is flagged or missing.

    `fields` are Message columns: kind, channel, to_address, person_id, subject, body_text,
    body_html, mail_out, language, bulk_id, request_id, mailout_id, task_id; `reason` with
    state suppressed when given. A row never sent is reported to its requester at once."""
    row = Message(**fields)
    row.id = row.id or new_id()
    row.state = fields.get("state") or QUEUED
    if row.state == QUEUED:
        flagged = _flagged(session, row.to_address)
        if flagged is not None:
            row.state = SUPPRESSED
            row.reason = f"address flagged: {flagged.reason}"
    collected = session.info.get(IN_ONE_INSERT)
    if collected is not None:
        collected.append(row)
    else:
        MessageRepository(session).add(row)
    if row.state == QUEUED:
        _wake_once(session)
    else:
        results.report(session, row)  # never sent: a requester hears of it now
    return row


@contextlib.contextmanager
def in_one_insert(session: Session):
    """The messages queue() makes inside the block are written in one multi-row INSERT when it
    ends, not through the session: the ORM's flush of a message to 5,000 persons was a
    quarter of its request. The rows stay readable (defaults filled in) but not in the
    session: load them again to change them in the same transaction."""
    rows: list[Message] = []
    session.info[IN_ONE_INSERT] = rows
    try:
        yield rows
    finally:
        session.info.pop(IN_ONE_INSERT, None)
    MessageRepository(session).insert_many(rows)


def look_up_flagged(session: Session, addresses) -> None:
    """Which of `addresses` are flagged, in one query for the rest of this transaction: a
    message to 5,000 persons asked 5,000 times (two thirds of its time)."""
    lowered = {address.lower() for address in addresses if address}
    found = SuppressionRepository(session).flagged(sorted(lowered)) if lowered else {}
    session.info[FLAGGED] = (session.get_transaction(), lowered, found)


def _flagged(session: Session, address: str):
    """The address's flag, or None; from look_up_flagged's answer when it asked for it."""
    lowered = address.lower()
    known = session.info.get(FLAGGED)
    if known is not None and known[0] is session.get_transaction() and lowered in known[1]:
        return known[2].get(lowered)
    return SuppressionRepository(session).flagged([address]).get(lowered)


def _wake_once(session: Session) -> None:
    """One NOTIFY per transaction (PostgreSQL delivers one at commit anyway): a message to
    5,000 persons is not 5,000 round trips."""
    transaction = session.get_transaction()
    if session.info.get(WAKEUP_CHANNEL) is not transaction:
        wake(session, WAKEUP_CHANNEL)
        session.info[WAKEUP_CHANNEL] = transaction
