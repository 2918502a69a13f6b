"""Session-bound access to messages; never commits (the use case owns the transaction)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from notify.models import Message


class MessageRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, row: Message) -> None:
        self.session.add(row)

    def get(self, row_id: str) -> Message | None:
        return self.session.get(Message, row_id)

    def newest_first(self, offset: int, limit: int) -> tuple[list[Message], int]:
        total = self.session.scalar(select(func.count()).select_from(Message)) or 0
        rows = self.session.scalars(
            select(Message)
            .order_by(Message.created_at.desc(), Message.id)
            .offset(offset)
            .limit(limit)
        ).all()
        return list(rows), total
