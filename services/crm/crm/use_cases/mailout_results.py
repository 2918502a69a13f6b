"""notify's answers about a mail-out's recipients (notify.message.sent / failed): each
recipient handed to notify becomes sent or failed, which the mail-out's progress counts.

In the consumer's transaction. A result repeated or arriving late changes nothing once the
recipient failed; a failure after sent (a bounce mail after the server accepted it) wins.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from crm.models.mailout import DELIVERED, FAILED, HANDED
from crm.repository import MailoutRepository
from foyer_shared.db import utcnow

log = logging.getLogger(__name__)

# The states a result may move a recipient out of, per result.
MOVES_FROM = {DELIVERED: (HANDED,), FAILED: (HANDED, DELIVERED)}


def message_sent(session: Session, data: dict) -> None:
    """notify.message.sent: the SMTP server accepted the recipient's e-mail."""
    _result(session, data, DELIVERED, None)


def message_failed(session: Session, data: dict) -> None:
    """notify.message.failed: failed, bounced or suppressed at notify, with the reason."""
    reason = f"{data['state']}: {data.get('reason') or ''}".rstrip(": ")[:200]
    _result(session, data, FAILED, reason)


def _result(session: Session, data: dict, state: str, reason: str | None) -> None:
    if not data.get("mailout_id") or not data.get("request_id"):
        return  # a reminder's result: the CRM keeps no delivery state for reminders
    recipient = MailoutRepository(session).by_message(data["request_id"])
    if recipient is None:
        log.info("a result for a recipient the CRM no longer has (erased with its card)")
        return
    if recipient.state not in MOVES_FROM[state]:
        return
    recipient.state, recipient.result_at, recipient.result_reason = state, utcnow(), reason
