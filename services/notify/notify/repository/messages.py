"""Messages and suppressed addresses: the send queue's queries."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from notify.domain.states import QUEUED, SENDING, SENT
from notify.models import Message, SuppressedAddress


class MessageRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: Message) -> None:
        self.session.add(row)

    def insert_many(self, rows: list[Message]) -> None:
        """New rows in one multi-row INSERT, bypassing the session (its defaults filled in on
        the objects, as a flush would)."""
        if rows:
            self.session.execute(insert(_MESSAGES), [_values(row) for row in rows])

    def get(self, row_id: str) -> Message | None:
        return self.session.get(Message, row_id)

    def newest_first(
        self, offset: int, limit: int, person_id: str | None = None
    ) -> tuple[list[Message], int]:
        where = [Message.person_id == person_id] if person_id else []
        total = self.session.scalar(select(func.count()).select_from(Message).where(*where)) or 0
        rows = self.session.scalars(
            select(Message)
            .where(*where)
            .order_by(Message.created_at.desc(), Message.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total

    def claim_due(self, channel: str, now: datetime, limit: int) -> list:
        """Due queued messages, locked, as rows of the columns a sender needs (no ORM objects:
        building them was a third of a sender's CPU); rows another sender holds are skipped
        (PostgreSQL)."""
        return list(self.session.execute(_DUE, {"channel": channel, "now": now, "limit": limit}))

    def mark_claimed(self, ids: list[str], now: datetime) -> None:
        """The claim: sending, one attempt more, claimed now, not handed over."""
        if ids:
            self.session.execute(_CLAIM, {"ids": ids, "now": now})

    def hand_over(self, row_id: str, claimed_at: datetime, now: datetime) -> bool:
        """Record the hand-over; False when this sender's claim is no longer valid."""
        return handed_over(self.session, row_id, claimed_at, now)

    def stale_handed_requests(self, older_than: datetime) -> list[str]:
        """The stale claims release_stale will count as sent that someone asked for."""
        return list(
            self.session.scalars(
                select(Message.id).where(
                    Message.state == SENDING,
                    Message.last_attempt_at < older_than,
                    Message.handed_at.is_not(None),
                    or_(Message.request_id.is_not(None), Message.task_id.is_not(None)),
                )
            )
        )

    def by_request(self, request_id: str) -> Message | None:
        query = select(Message).where(Message.request_id == request_id).limit(1)
        return self.session.scalars(query).first()

    def release_stale(self, older_than: datetime, now: datetime) -> tuple[int, int]:
        """Claims of senders that stopped: handed over → sent (never twice), else queued."""
        stale = [Message.state == SENDING, Message.last_attempt_at < older_than]
        sent = self.session.execute(
            update(Message)
            .where(*stale, Message.handed_at.is_not(None))
            .values(
                state=SENT,
                sent_at=Message.handed_at,
                reason="sender stopped after the hand-over; counted as sent",
            )
        ).rowcount
        queued = self.session.execute(
            update(Message)
            .where(*stale, Message.handed_at.is_(None))
            .values(state=QUEUED, next_attempt_at=now)
        ).rowcount
        return sent, queued


class SuppressionRepository:
    def __init__(self, session: Session):
        self.session = session

    def flagged(self, addresses: list[str]) -> dict[str, SuppressedAddress]:
        lowered = sorted({a.lower() for a in addresses})
        rows = self.session.scalars(
            select(SuppressedAddress).where(SuppressedAddress.address.in_(lowered))
        )
        return {row.address: row for row in rows}

    def flag(self, address: str, channel: str, reason: str, message_id=None, person_id=None):
        if self.session.get(SuppressedAddress, address.lower()) is None:
            self.session.add(
                SuppressedAddress(
                    address=address.lower(),
                    channel=channel,
                    reason=reason[:500],
                    message_id=message_id,
                    person_id=person_id,
                )
            )


_MESSAGES = Message.__table__
# The claim's two statements, built once (they run for every batch).
_DUE = (
    select(
        _MESSAGES.c.id,
        _MESSAGES.c.channel,
        _MESSAGES.c.to_address,
        _MESSAGES.c.person_id,
        _MESSAGES.c.subject,
        _MESSAGES.c.body_text,
        _MESSAGES.c.body_html,
        _MESSAGES.c.mail_out,
        _MESSAGES.c.attempts,
        _MESSAGES.c.request_id,
        _MESSAGES.c.task_id,
    )
    .where(
        _MESSAGES.c.state == QUEUED,
        _MESSAGES.c.channel == bindparam("channel"),
        or_(_MESSAGES.c.next_attempt_at.is_(None), _MESSAGES.c.next_attempt_at <= bindparam("now")),
    )
    .order_by(_MESSAGES.c.created_at)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_CLAIM = (
    update(_MESSAGES)
    .where(_MESSAGES.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        state=SENDING,
        attempts=_MESSAGES.c.attempts + 1,
        last_attempt_at=bindparam("now"),
        handed_at=None,
    )
)
# Built once: a sender runs it before every final dot, and building the statement cost more
# CPU than running it.
_HAND_OVER = (
    update(_MESSAGES)
    .where(
        _MESSAGES.c.id == bindparam("row_id"),
        _MESSAGES.c.state == SENDING,
        _MESSAGES.c.last_attempt_at == bindparam("claimed_at"),
    )
    .values(handed_at=bindparam("now"))
)


def handed_over(connection, row_id: str, claimed_at: datetime, now: datetime) -> bool:
    """The hand-over on a session or a plain (autocommit) connection."""
    result = connection.execute(
        _HAND_OVER, {"row_id": row_id, "claimed_at": claimed_at, "now": now}
    )
    return result.rowcount == 1


def lease_start(now: datetime, lease_seconds: float) -> datetime:
    return now - timedelta(seconds=lease_seconds)


def _values(row: Message) -> dict:
    """The row's columns, a column's default in place of what was not set (read from the
    instance's dict: the instrumented attributes cost more than the INSERT)."""
    given = row.__dict__
    values = {}
    for key, default in _DEFAULTS:
        value = given.get(key)
        if value is None and default is not None:
            value = default.arg(None) if default.is_callable else default.arg
            setattr(row, key, value)
        values[key] = value
    return values


_DEFAULTS = [(column.key, column.default) for column in _MESSAGES.columns]
