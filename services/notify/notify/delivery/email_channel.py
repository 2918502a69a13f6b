"""E-mail delivery of a claimed batch over a sender's SMTP connections, in rounds."""

from __future__ import annotations

import contextlib
import logging
from collections import deque

from foyer_shared.db import Database
from notify.delivery import smtp_round
from notify.delivery.smtp import ConnectionFailed, SmtpSession
from notify.delivery.smtp_round import Transfer
from notify.domain import email
from notify.domain.retry import Outcome, RetryPolicy
from notify.domain.states import TRANSIENT
from notify.use_cases import handover, sending
from notify.use_cases.sending import Claimed

log = logging.getLogger(__name__)


def content_of(settings, item: Claimed) -> bytes:
    unsubscribe = None
    if item.mail_out:
        unsubscribe = email.unsubscribe_address(
            settings.unsubscribe_address, item.id, item.person_id
        )
    return email.build(
        row_id=item.id,
        sender=settings.mail_from,
        to=item.to_address,
        subject=item.subject or "",
        text=item.body_text or "",
        html=item.body_html,
        domain=settings.message_id_domain,
        unsubscribe=unsubscribe,
    )


def deliver(settings, db: Database, batch: list[Claimed], policy: RetryPolicy) -> None:
    """The batch over `smtp_connections` connections in rounds of one message each."""
    done: list[tuple[Claimed, Outcome]] = []
    with contextlib.ExitStack() as stack:
        sessions, failure = _connect(settings, stack, min(settings.smtp_connections, len(batch)))
        if sessions:
            connection = stack.enter_context(sending.autocommit(db))
            rest = _send_all(settings, db, sessions, deque(batch), done, policy, connection)
            failure = "before hand-over: every connection was lost"
        else:  # connecting failed: nothing was handed over
            log.warning("SMTP server unreachable; %d messages wait for their retry", len(batch))
            rest = batch
        done.extend((item, Outcome(TRANSIENT, failure, "smtp")) for item in rest)
    sending.record(db, done, policy)


def _connect(settings, stack: contextlib.ExitStack, count: int) -> tuple[list, str]:
    """Up to `count` open connections (the ones opened before one failed), and why it did."""
    sessions: list[SmtpSession] = []
    for _ in range(count):
        try:
            sessions.append(stack.enter_context(SmtpSession(settings)))
        except ConnectionFailed as exc:
            return sessions, str(exc)
    return sessions, "connect: no connection"


def _send_all(settings, db, sessions, waiting: deque, done: list, policy, connection) -> list:
    """Rounds until the batch is sent or no connection is left; what is left unsent."""
    while waiting and sessions:
        transfers = [
            Transfer(s, item, content_of(settings, item))
            for s, item in zip(sessions, _take(waiting, len(sessions)), strict=False)
        ]
        ready = smtp_round.up_to_the_dot(settings.mail_from, transfers)
        done.extend((t.item, t.outcome) for t in transfers if t.outcome is not None)
        ours = handover.hand_over_round(db, [t.item for t in ready], done, policy, connection)
        handed = [t for t in ready if t.item.id in ours]
        smtp_round.dots(handed)
        done.extend((t.item, t.outcome) for t in handed)
        if len(handed) < len(ready):  # our claim was taken back: the rest is someone else's
            for transfer in ready:
                transfer.session.drop()  # the server discards what waits for its dot
            return []
        sessions = [s for s in sessions if s.alive]
    return list(waiting)


def _take(waiting: deque, count: int) -> list:
    return [waiting.popleft() for _ in range(min(count, len(waiting)))]
