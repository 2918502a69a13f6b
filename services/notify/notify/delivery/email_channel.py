"""E-mail delivery of a claimed batch over one SMTP connection."""

from __future__ import annotations

import logging

from foyer_shared.db import Database
from notify.delivery.smtp import ConnectionFailed, SmtpSession
from notify.domain import email
from notify.domain.retry import Outcome, RetryPolicy
from notify.domain.states import TRANSIENT
from notify.use_cases import sending
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
    done: list[tuple[Claimed, Outcome]] = []
    try:
        with SmtpSession(settings) as smtp, sending.autocommit(db) as connection:
            _send_all(settings, db, smtp, batch, done, policy, connection)
    except ConnectionFailed as exc:  # connecting failed: nothing was handed over
        log.warning("SMTP server unreachable; %d messages wait for their retry", len(batch))
        done = [(item, Outcome(TRANSIENT, str(exc), "smtp")) for item in batch]
    sending.record(db, done, policy)


def _send_all(settings, db, smtp: SmtpSession, batch, done: list, policy, connection) -> None:
    for index, item in enumerate(batch):

        def before_dot(item=item) -> bool:
            return sending.hand_over(db, item, done, policy, connection)

        try:
            outcome = smtp.send(
                settings.mail_from, item.to_address, content_of(settings, item), before_dot
            )
        except ConnectionFailed as exc:
            done.extend((rest, Outcome(TRANSIENT, str(exc), "smtp")) for rest in batch[index:])
            return
        if outcome is None:  # our claim was taken back: the rest is someone else's
            return
        done.append((item, outcome))
