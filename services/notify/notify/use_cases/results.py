"""The results of messages sent on someone's behalf (crm's mail-outs and reminders):
notify.message.sent when the server or provider accepted one, notify.message.failed when it
ends failed, bounced or suppressed. Written in the transaction that decides the state."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from notify import events
from notify.domain.states import BOUNCED, FAILED, SENT, SUPPRESSED
from notify.models import Message

ENDED = {SENT: True, FAILED: False, BOUNCED: False, SUPPRESSED: False}


def requested(message: Message) -> bool:
    return bool(message.request_id or message.task_id)


def report(session: Session, message: Message) -> None:
    """The row's current state, when it is one a requester hears of."""
    if requested(message) and message.state in ENDED:
        events.message_result(session, message, ENDED[message.state])


def report_ids(session: Session, ids: list[str], state: str) -> None:
    """After a bulk UPDATE: the rows among `ids` now in `state` that someone asked for (one
    query per batch; most messages are no one's request)."""
    if not ids or state not in ENDED:
        return
    rows = session.scalars(
        select(Message)
        .where(
            Message.id.in_(ids),
            Message.state == state,
            or_(Message.request_id.is_not(None), Message.task_id.is_not(None)),
        )
        .execution_options(populate_existing=True)
    )
    events.message_results(session, list(rows), ENDED[state])
