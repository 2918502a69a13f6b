"""The send queue's transactions: claim due messages, record each hand-over and each outcome.

A sender claims a batch (state sending, attempts + 1, its claim time), records the hand-over
of each message in the same transaction as the outcomes before it (one commit per message),
and the outcomes of the last ones at the end. docs/notify.md → Delivery explains the windows.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from foyer_shared.db import Database, utcnow
from notify import events
from notify.domain.retry import Outcome, RetryPolicy, next_state
from notify.domain.states import BOUNCED, OK, SENDING, SENT, SUPPRESSED
from notify.models import Message
from notify.repository import MessageRepository, SuppressionRepository, handed_over, lease_start
from notify.use_cases import results

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Claimed:
    """What a sender needs of a claimed message, detached from the session."""

    id: str
    channel: str
    to_address: str
    person_id: str | None
    subject: str | None
    body_text: str | None
    body_html: str | None
    mail_out: bool
    attempts: int
    claimed_at: datetime
    requested: bool = False  # on someone's behalf: its result is reported (use_cases/results)


def claim(db: Database, channel: str, limit: int) -> list[Claimed]:
    """Due messages of `channel`, now ours; those to a flagged address end suppressed."""
    now = utcnow()
    with db.transaction() as session:
        repository = MessageRepository(session)
        rows = repository.claim_due(channel, now, limit)
        flagged = SuppressionRepository(session).flagged([r.to_address for r in rows])
        claimed = []
        for row in rows:
            flag = flagged.get(row.to_address.lower())
            if flag is not None:
                _suppress(session, row.id, f"address flagged: {flag.reason}")
            else:
                claimed.append(_claimed(row, now))
        repository.mark_claimed([c.id for c in claimed], now)
        return claimed


def _suppress(session: Session, row_id: str, reason: str) -> None:
    row = session.get(Message, row_id)
    row.state, row.reason = SUPPRESSED, reason
    results.report(session, row)


def _claimed(row, now: datetime) -> Claimed:
    return Claimed(
        id=row.id,
        channel=row.channel,
        to_address=row.to_address,
        person_id=row.person_id,
        subject=row.subject,
        body_text=row.body_text,
        body_html=row.body_html,
        mail_out=row.mail_out,
        attempts=row.attempts + 1,
        claimed_at=now,
        requested=bool(row.request_id or row.task_id),
    )


def hand_over(
    db: Database,
    item: Claimed,
    done: list[tuple[Claimed, Outcome]],
    policy: RetryPolicy,
    connection=None,
) -> bool:
    """Record that `item` is being handed over, before its final dot; False when the claim
    was taken back meanwhile (this sender was too slow): do not send.

    Accepted messages before it wait in `done` and are recorded together at the end of the
    batch: a crash meanwhile counts them sent anyway (they were handed over). Any other
    outcome is recorded now, in the hand-over's transaction, so a crash cannot count it sent.
    The usual case is thus one autocommitted UPDATE: one round trip, durable on return, on
    the batch's `connection` (see `autocommit`) so nothing but the return lies between the
    commit and the dot."""
    if any(outcome.kind != OK for _, outcome in done):
        with db.transaction() as session:
            record_outcomes(session, done, policy)
            ok = MessageRepository(session).hand_over(item.id, item.claimed_at, utcnow())
        done.clear()
        return ok
    if connection is not None:
        return handed_over(connection, item.id, item.claimed_at, utcnow())
    with autocommit(db) as connection:
        return handed_over(connection, item.id, item.claimed_at, utcnow())


def autocommit(db: Database):
    """A connection whose every statement commits on its own (a batch's hand-overs)."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def record(db: Database, done: list[tuple[Claimed, Outcome]], policy: RetryPolicy) -> None:
    if done:
        with db.transaction() as session:
            record_outcomes(session, done, policy)
        done.clear()


def record_outcomes(
    session: Session, done: list[tuple[Claimed, Outcome]], policy: RetryPolicy
) -> None:
    """Guarded UPDATEs without a read first (the claim knows the attempts): the accepted ones
    of a claim in one statement, the others one by one. A row erased meanwhile, or whose
    claim was taken back, is left alone."""
    now = utcnow()
    accepted: dict[tuple, list[str]] = {}
    for item, outcome in done:
        if outcome.kind == OK:
            key = (item.claimed_at, outcome.reason, outcome.provider)
            accepted.setdefault(key, []).append(item)
            continue
        state, due = next_state(outcome, item.attempts, now, policy)
        values = {"state": state, "next_attempt_at": due, "reason": outcome.reason}
        if outcome.provider:
            values["provider"] = outcome.provider
        if not _guarded(session, [item.id], item.claimed_at, values):
            continue
        if state == BOUNCED:
            bounced(session, session.get(Message, item.id), outcome.reason or "refused")
        results.report_ids(session, [item.id], state)
    for (claimed_at, reason, provider), items in accepted.items():
        values = {"state": SENT, "next_attempt_at": None, "reason": reason, "sent_at": now}
        if provider:
            values["provider"] = provider
        _guarded(session, [item.id for item in items], claimed_at, values)
        # Most messages are no one's request: no query for their results.
        results.report_ids(session, [item.id for item in items if item.requested], SENT)


def _guarded(session: Session, ids: list[str], claimed_at: datetime, values: dict) -> int:
    table = Message.__table__  # a Core UPDATE: the ORM's bulk path cost more than the query
    return session.execute(
        update(table)
        .where(table.c.id.in_(ids), table.c.state == SENDING, table.c.last_attempt_at == claimed_at)
        .values(**values)
    ).rowcount


def bounced(session: Session, row: Message, reason: str) -> None:
    """The address is dead: suppress it here and tell the registry to flag it."""
    SuppressionRepository(session).flag(row.to_address, row.channel, reason, row.id, row.person_id)
    if row.person_id:
        events.address_bounced(session, row)
    log.info("message %s bounced (%s)", row.id, row.channel)


def release_stale(db: Database, lease_seconds: float) -> None:
    now = utcnow()
    with db.transaction() as session:
        repository = MessageRepository(session)
        start = lease_start(now, lease_seconds)
        handed = repository.stale_handed_requests(start)
        sent, queued = repository.release_stale(start, now)
        results.report_ids(session, handed, SENT)
    if sent or queued:
        log.warning("claims of a stopped sender: %d counted as sent, %d queued again", sent, queued)
