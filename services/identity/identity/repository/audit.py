"""The audit log, session-bound; never commits. Entries are only ever added and read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from identity.models import AuditEntry


class AuditRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(entry)

    def search(
        self,
        user_id: str | None,
        kind: str | None,
        since: datetime | None,
        until: datetime | None,
        page: int,
        page_size: int,
    ) -> tuple[list[AuditEntry], int]:
        """Newest first; (one page of entries, total count)."""
        query = _filtered(user_id, kind, since, until)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        entries = self.session.scalars(
            query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id)
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
        return list(entries), total

    def about(self, user_id: str) -> list[AuditEntry]:
        """Entries naming the user as actor or subject, oldest first."""
        return list(
            self.session.scalars(
                _filtered(user_id, None, None, None).order_by(AuditEntry.occurred_at)
            )
        )


def _filtered(user_id, kind, since, until):
    query = select(AuditEntry)
    if user_id:
        query = query.where(
            (AuditEntry.subject_user_id == user_id) | (AuditEntry.actor_user_id == user_id)
        )
    if kind:
        query = query.where(AuditEntry.kind == kind)
    if since:
        query = query.where(AuditEntry.occurred_at >= since)
    if until:
        query = query.where(AuditEntry.occurred_at < until)
    return query
