"""To-dos, badge counts and history entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from crm.domain.tasks import CLOSED, OPEN, PRIVATE
from crm.models import Badge, HistoryEntry, Task


class TaskRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, task: Task) -> None:
        self.session.add(task)

    def get(self, task_id: str) -> Task | None:
        return self.session.get(Task, task_id)

    def for_update(self, task_id: str) -> Task | None:
        query = select(Task).where(Task.id == task_id).with_for_update(of=Task)
        return self.session.scalars(query).first()

    def listed(self, viewer: str | None, filters: dict, offset: int, limit: int):
        """Open ones first by reminder time (none last); others' private to-dos never."""
        query = select(Task).where(or_(Task.kind != PRIVATE, Task.created_by == viewer))
        if filters.get("assignee_user_id"):
            query = query.where(Task.assignee_user_id == filters["assignee_user_id"])
        if filters.get("contact_id"):
            query = query.where(Task.contact_id == filters["contact_id"])
        state = filters.get("state", OPEN)
        if state == OPEN:
            query = query.where(Task.closed_at.is_(None))
        elif state == CLOSED:
            query = query.where(Task.closed_at.is_not(None))
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        order = (
            Task.closed_at.is_not(None),
            Task.remind_at.is_(None),
            Task.remind_at,
            Task.created_at,
            Task.id,
        )
        rows = self.session.scalars(query.order_by(*order).offset(offset).limit(limit))
        return list(rows), total

    def due_count(self, user_id: str, before: datetime) -> int:
        """The badge: one query on ix_tasks_open_by_assignee."""
        return (
            self.session.scalar(
                select(func.count())
                .select_from(Task)
                .where(
                    Task.assignee_user_id == user_id,
                    Task.closed_at.is_(None),
                    Task.remind_at < before,
                )
            )
            or 0
        )

    def per_assignee(self, viewer: str | None, before: datetime) -> list[tuple[str, int, int]]:
        """(assignee, open, due or overdue) for every assignee with open to-dos."""
        due = func.sum(case((Task.remind_at < before, 1), else_=0))
        query = (
            select(Task.assignee_user_id, func.count(), due)
            .where(Task.closed_at.is_(None), or_(Task.kind != PRIVATE, Task.created_by == viewer))
            .group_by(Task.assignee_user_id)
            .order_by(Task.assignee_user_id)
        )
        return [(a, n, int(d or 0)) for a, n, d in self.session.execute(query)]

    def claim_due(self, now: datetime, limit: int) -> list[Task]:
        """Open to-dos whose reminder time has come and that were not reminded; locked, and
        skipped by another worker claiming at the same moment."""
        query = (
            select(Task)
            .where(Task.closed_at.is_(None), Task.reminded_at.is_(None), Task.remind_at <= now)
            .order_by(Task.remind_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Task)
        )
        return list(self.session.scalars(query))

    def badge(self, user_id: str) -> Badge | None:
        return self.session.get(Badge, user_id, with_for_update=True)

    def add_badge(self, badge: Badge) -> None:
        self.session.add(badge)


class HistoryRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, entry: HistoryEntry) -> None:
        self.session.add(entry)

    def by_reference(self, reference: str) -> HistoryEntry | None:
        query = select(HistoryEntry).where(HistoryEntry.reference == reference)
        return self.session.scalars(query).first()

    def of_contact(self, contact_id: str, offset: int, limit: int):
        query = select(HistoryEntry).where(HistoryEntry.contact_id == contact_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        order = (HistoryEntry.occurred_at.desc(), HistoryEntry.created_at.desc())
        rows = self.session.scalars(query.order_by(*order).offset(offset).limit(limit))
        return list(rows), total
