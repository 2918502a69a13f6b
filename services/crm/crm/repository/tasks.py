"""To-dos, badge counts and history entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, case, func, or_, select
from sqlalchemy.orm import Session

from crm.domain.tasks import CLOSED, OPEN, PRIVATE
from crm.models import Badge, HistoryEntry, Task
from crm.repository.task_pages import TaskRow, fetch, page_query

_DUE_COUNT = (
    select(func.count())
    .select_from(Task)
    .where(
        Task.assignee_user_id == bindparam("user_id"),
        Task.closed_at.is_(None),
        Task.remind_at < bindparam("before"),
    )
)
# "My to-dos", open ones: the list every staff member opens, built once (as the badge).
_MINE = (Task.assignee_user_id == bindparam("user_id"), Task.closed_at.is_(None))
_MY_OPEN_COUNT = select(func.count()).select_from(Task).where(*_MINE)
_ORDER = (Task.remind_at.asc().nulls_last(), Task.created_at, Task.id)
_MY_OPEN_PAGE = page_query(_MINE, _ORDER).offset(bindparam("offset")).limit(bindparam("limit"))


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

    def listed(
        self, viewer: str | None, filters: dict, offset: int, limit: int
    ) -> tuple[list[TaskRow], int]:
        """Open ones first by reminder time (none last); others' private to-dos never. Read
        on the session's connection as rows (task_pages: the ORM's part was half the cost)."""
        connection = self.session.connection()
        if _mine_open(viewer, filters):
            params = {"user_id": viewer, "offset": offset, "limit": limit}
            total = connection.execute(_MY_OPEN_COUNT, params).scalar() or 0
            return fetch(connection, _MY_OPEN_PAGE, params), total
        assignee = filters.get("assignee_user_id")
        # A private to-do is assigned to its creator: the viewer's own list holds only theirs,
        # another's list none (so the count stays on ix_tasks_open_by_assignee alone).
        if assignee is None:
            conditions = [or_(Task.kind != PRIVATE, Task.created_by == viewer)]
        elif assignee == viewer:
            conditions = [Task.assignee_user_id == assignee]
        else:
            conditions = [Task.assignee_user_id == assignee, Task.kind != PRIVATE]
        if filters.get("contact_id"):
            conditions.append(Task.contact_id == filters["contact_id"])
        state = filters.get("state", OPEN)
        if state == OPEN:
            conditions.append(Task.closed_at.is_(None))
        elif state == CLOSED:
            conditions.append(Task.closed_at.is_not(None))
        # Counted on the table alone: a count of the select would join every row's type.
        count = select(func.count()).select_from(Task).where(*conditions)
        total = connection.execute(count).scalar() or 0
        # Open ones alone follow ix_tasks_open_by_assignee (a page reads a page, not sorts
        # the assignee's every open to-do); with closed ones too, open come first.
        order = _ORDER if state == OPEN else (Task.closed_at.is_not(None), *_ORDER)
        return fetch(connection, page_query(conditions, order).offset(offset).limit(limit)), total

    def due_count(self, user_id: str, before: datetime) -> int:
        """The badge: one query on ix_tasks_open_by_assignee (built once: it is polled on
        every page load, and building the statement cost more than running it)."""
        return self.session.execute(_DUE_COUNT, {"user_id": user_id, "before": before}).scalar()

    def assignees_with_reminders(self) -> list[str]:
        query = (
            select(Task.assignee_user_id)
            .distinct()
            .where(Task.closed_at.is_(None), Task.remind_at.is_not(None))
        )
        return list(self.session.scalars(query))

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


def _mine_open(viewer: str | None, filters: dict) -> bool:
    return (
        viewer is not None
        and filters.get("assignee_user_id") == viewer
        and filters.get("state", OPEN) == OPEN
        and not filters.get("contact_id")
    )


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
