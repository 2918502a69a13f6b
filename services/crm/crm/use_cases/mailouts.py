"""Mail-outs: preview who a filtered list reaches and who is suppressed, send (the recipients
are fixed at once; the worker hands them to notify in chunks), follow progress and results."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm import events
from crm.domain import NotFound, mailouts
from crm.models import Mailout, MailoutRecipient
from crm.models.mailout import DELIVERED, FAILED, HANDED, PENDING, SENT, SUPPRESSED
from crm.repository import ContactRepository, MailoutRepository
from crm.repository.contacts import CardFilter
from crm.use_cases import Actor
from crm.use_cases.cards import check_tags
from foyer_shared.bulk import insert_rows
from foyer_shared.db import Database, new_id, utcnow

CHUNK = 200
EXAMPLES = 50


def _audience(session: Session, filter_: CardFilter) -> list[tuple]:
    """(card, reason or None) for every card on the list, in a stable order."""
    check_tags(session, filter_.tag_ids)
    seen: set[str] = set()
    cards = ContactRepository(session).matching(filter_)
    return [(card, mailouts.suppression(card, seen)) for card in cards]


def preview(db: Database, filter_: CardFilter) -> dict:
    with db.read_only() as session:
        audience = _audience(session, filter_)
    suppressed = [(card, reason) for card, reason in audience if reason]
    return {
        "recipients": len(audience) - len(suppressed),
        "suppressed": len(suppressed),
        "suppressed_examples": [
            {"contact_id": c.id, "name": c.name, "email": c.email, "reason": reason}
            for c, reason in suppressed[:EXAMPLES]
        ],
    }


def create(db: Database, actor: Actor, filter_: CardFilter, audience: dict, content: dict):
    mailouts.check_content(content.get("subject"), content.get("body"), content.get("template"))
    mailout = Mailout(id=new_id(), audience=audience, created_by=actor.name, **content)
    with db.transaction() as session:
        cards = _audience(session, filter_)
        mailout.total = len(cards)
        mailout.suppressed = sum(1 for _, reason in cards if reason)
        if mailout.total == mailout.suppressed:
            mailout.status, mailout.finished_at = SENT, utcnow()
        MailoutRepository(session).add(mailout)
        session.flush()
        insert_rows(session, MailoutRecipient.__table__, [_row(mailout.id, *c) for c in cards])
    return progress(db, mailout.id)


def _row(mailout_id: str, card, reason: str | None) -> dict:
    return {
        "id": new_id(),
        "mailout_id": mailout_id,
        "contact_id": card.id,
        "person_id": card.person_id,
        "name": card.name[:201],
        "email": card.email,
        "state": SUPPRESSED if reason else PENDING,
        "reason": reason,
        "message_id": None,
        "handed_at": None,
    }


def send_pending(db: Database, limit: int = CHUNK) -> int:
    """Worker: hand up to `limit` recipients to notify in one transaction (the commands and
    the `handed_to_notify` state commit together, so each is handed once)."""
    with db.transaction() as session:
        repository = MailoutRepository(session)
        claimed = repository.claim_pending(limit)
        now, commands = utcnow(), []
        for recipient in claimed:
            mailout = repository.get(recipient.mailout_id)
            recipient.state, recipient.handed_at = HANDED, now
            recipient.message_id = new_id()
            commands.append(_command(mailout, recipient))
        events.outbox.commands(session, events.SEND_EMAIL, commands)
        session.flush()
        for mailout in repository.sending():
            if not repository.has_pending(mailout.id):
                mailout.status, mailout.finished_at = SENT, now
    return len(claimed)


def _command(mailout: Mailout, recipient: MailoutRecipient) -> dict:
    first, _, last = recipient.name.partition(" ")
    return {
        "message_id": recipient.message_id,
        "mailout_id": mailout.id,
        "person_id": recipient.person_id,
        "email": recipient.email,
        "subject": mailout.subject,
        "body": mailout.body,
        "template": mailout.template,
        "variables": {"name": recipient.name, "first_name": first, "last_name": last},
        "sent_by": mailout.created_by,
    }


def progress(db: Database, mailout_id: str) -> Mailout:
    with db.read_only() as session:
        repository = MailoutRepository(session)
        mailout = repository.get(mailout_id)
        if mailout is None:
            raise NotFound(f"no mail-out with id {mailout_id}")
        counts = repository.counts(mailout_id)
    mailout.pending = counts.get(PENDING, 0)
    mailout.handed = counts.get(HANDED, 0)
    mailout.delivered = counts.get(DELIVERED, 0)
    mailout.failed = counts.get(FAILED, 0)
    return mailout


def listed(db: Database, offset: int, limit: int):
    with db.read_only() as session:
        return MailoutRepository(session).listed(offset, limit)


def recipients(db: Database, mailout_id: str, state: str | None, offset: int, limit: int):
    with db.read_only() as session:
        repository = MailoutRepository(session)
        if repository.get(mailout_id) is None:
            raise NotFound(f"no mail-out with id {mailout_id}")
        return repository.recipients(mailout_id, state, offset, limit)
