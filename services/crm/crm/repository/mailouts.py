"""Mail-outs and their recipients."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm.models import Mailout, MailoutRecipient
from crm.models.mailout import PENDING, SENDING


class MailoutRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, mailout: Mailout) -> None:
        self.session.add(mailout)

    def get(self, mailout_id: str) -> Mailout | None:
        return self.session.get(Mailout, mailout_id)

    def listed(self, offset: int, limit: int):
        total = self.session.scalar(select(func.count()).select_from(Mailout)) or 0
        query = select(Mailout).order_by(Mailout.created_at.desc(), Mailout.id)
        return list(self.session.scalars(query.offset(offset).limit(limit))), total

    def counts(self, mailout_id: str) -> dict[str, int]:
        query = (
            select(MailoutRecipient.state, func.count())
            .where(MailoutRecipient.mailout_id == mailout_id)
            .group_by(MailoutRecipient.state)
        )
        return dict(self.session.execute(query).all())

    def recipients(self, mailout_id: str, state: str | None, offset: int, limit: int):
        query = select(MailoutRecipient).where(MailoutRecipient.mailout_id == mailout_id)
        if state:
            query = query.where(MailoutRecipient.state == state)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        query = query.order_by(MailoutRecipient.name, MailoutRecipient.id)
        return list(self.session.scalars(query.offset(offset).limit(limit))), total

    def by_message(self, message_id: str) -> MailoutRecipient | None:
        """The recipient handed to notify with this message id (for notify's results)."""
        query = select(MailoutRecipient).where(MailoutRecipient.message_id == message_id)
        return self.session.scalars(query.limit(1)).first()

    def claim_pending(self, limit: int) -> list[MailoutRecipient]:
        """The oldest sending mail-out's pending recipients, locked; another worker skips them."""
        mailout_id = self.session.scalar(
            select(Mailout.id)
            .where(Mailout.status == SENDING)
            .order_by(Mailout.created_at)
            .limit(1)
        )
        if mailout_id is None:
            return []
        query = (
            select(MailoutRecipient)
            .where(MailoutRecipient.mailout_id == mailout_id, MailoutRecipient.state == PENDING)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self.session.scalars(query))

    def sending(self) -> list[Mailout]:
        query = select(Mailout).where(Mailout.status == SENDING).with_for_update(skip_locked=True)
        return list(self.session.scalars(query))

    def has_pending(self, mailout_id: str) -> bool:
        query = select(MailoutRecipient.id).where(
            MailoutRecipient.mailout_id == mailout_id, MailoutRecipient.state == PENDING
        )
        return self.session.scalar(query.limit(1)) is not None
