"""The group hand-over: a round of messages, one per SMTP connection, recorded in one commit.

An e-mail sender drives several SMTP connections in lock step (delivery/email_channel.py).
Each connection carries one message of the round up to, not including, its final dot; then
this use case records the hand-over of the whole round in one transaction, and only then do
the dots go out. Each message is still recorded before the server can accept it, and each
connection still has at most one message between that commit and its dot (the window in
docs/notify.md → What a crash does); the database sees one commit a round, not one a message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, update

from foyer_shared.db import Database, utcnow
from notify.domain.retry import Outcome, RetryPolicy
from notify.domain.states import OK, SENDING
from notify.models import Message
from notify.use_cases import sending
from notify.use_cases.sending import Claimed

_MESSAGES = Message.__table__
# Built once: a sender runs it every round.
_HAND_OVER_ROUND = (
    update(_MESSAGES)
    .where(
        _MESSAGES.c.id.in_(bindparam("ids", expanding=True)),
        _MESSAGES.c.state == SENDING,
        _MESSAGES.c.last_attempt_at == bindparam("claimed_at"),
    )
    .values(handed_at=bindparam("now"))
    .returning(_MESSAGES.c.id)
)


def hand_over_round(
    db: Database,
    items: list[Claimed],
    done: list[tuple[Claimed, Outcome]],
    policy: RetryPolicy,
    connection=None,
) -> set[str]:
    """Record that `items` are being handed over (their content sent, not yet their final
    dot); the ids still ours. One whose claim was taken back meanwhile (this sender was too
    slow) is missing from the answer: its dot must not be sent.

    When `done` holds an outcome that is not an acceptance, `done` is recorded in the same
    transaction, so a crash after this commit cannot count that message sent; accepted ones
    otherwise wait for the end of the batch (a crash counts them sent anyway: they were handed
    over). So the usual round is one autocommitted UPDATE on the batch's `connection`
    (sending.autocommit): durable on return, nothing but the return before the dots."""
    if not items:
        return set()
    if any(outcome.kind != OK for _, outcome in done):
        with db.transaction() as session:
            sending.record_outcomes(session, done, policy)
            ours = _hand_over(session, items)
        done.clear()
        return ours
    if connection is not None:
        return _hand_over(connection, items)
    with sending.autocommit(db) as own:
        return _hand_over(own, items)


def _hand_over(connection, items: list[Claimed]) -> set[str]:
    now = utcnow()
    ours: set[str] = set()
    driver = _postgresql_driver(connection)
    for claimed_at, ids in _by_claim(items).items():
        values = {"ids": ids, "claimed_at": claimed_at, "now": now, "sending": SENDING}
        if driver is not None:
            with driver.cursor() as cursor:
                cursor.execute(_PG_HAND_OVER_ROUND, values, prepare=True)
                ours.update(row[0] for row in cursor)
        else:
            ours.update(connection.execute(_HAND_OVER_ROUND, values).scalars())
    return ours


# The same UPDATE for psycopg on an autocommit connection: one prepared statement with the ids
# as one array. Through SQLAlchemy (its expanding IN rendered anew each time, the result
# machinery) it was a third of a sender's CPU.
_PG_HAND_OVER_ROUND = (
    "UPDATE messages SET handed_at = %(now)s WHERE id = ANY(%(ids)s) "
    "AND state = %(sending)s AND last_attempt_at = %(claimed_at)s RETURNING id"
)


def _postgresql_driver(connection):
    """psycopg's connection under an autocommit SQLAlchemy connection on PostgreSQL, else None
    (a session, SQLite)."""
    if not isinstance(connection, Connection) or connection.dialect.name != "postgresql":
        return None
    return connection.connection.driver_connection


def _by_claim(items: list[Claimed]) -> dict[datetime, list[str]]:
    """One statement per claim time (a sender's batch has one)."""
    found: dict[datetime, list[str]] = {}
    for item in items:
        found.setdefault(item.claimed_at, []).append(item.id)
    return found
