"""Reminders: when a to-do's reminder time comes, its assignee is reminded through notify, once.

The claim (`reminded_at`) and the outbox rows (notify.send_reminder, crm.task.due) commit in
one transaction: a worker that dies before the commit leaves the to-do unclaimed for the next
round; after it, the to-do is never claimed again. The relay may publish a row twice after a
crash (at least once); the envelope id stays the same, so notify's inbox drops the copy.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from crm import events
from crm.models import Task
from crm.repository import ContactRepository, PreferencesRepository, StaffRepository, TaskRepository
from crm.use_cases.tasks import task_fact
from foyer_shared.db import Database, utcnow

BATCH = 100


def send_due(db: Database, now: datetime | None = None, limit: int = BATCH) -> int:
    """Remind the to-dos due by `now` (at most `limit`); returns how many."""
    now = now or utcnow()
    with db.transaction() as session:
        due = TaskRepository(session).claim_due(now, limit)
        timezone = PreferencesRepository(session).get().timezone
        for task in due:
            task.reminded_at = now
        # One multi-row INSERT each for the reminders and the events, however many are due.
        reminders = [_reminder(session, task, timezone) for task in due]
        events.outbox.commands(session, events.SEND_REMINDER, reminders)
        events.outbox.events(session, events.TASK_DUE, [task_fact(task) for task in due])
    return len(due)


def _reminder(session: Session, task: Task, timezone: str) -> dict:
    member = StaffRepository(session).get(task.assignee_user_id)
    person_id = member.person_id if member else None
    own_card = ContactRepository(session).by_person_id(person_id) if person_id else None
    about = ContactRepository(session).get(task.contact_id)
    what = task.type.name if task.type else "To-do"
    when = task.remind_at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    lines = [f"{what} ({when})"]
    if about is not None:
        lines.append(f"About: {about.name or 'a card without a name'}")
    if task.note:
        lines.append(task.note)
    return {
        "task_id": task.id,
        "user_id": task.assignee_user_id,
        "person_id": person_id,
        "email": own_card.email if own_card else None,
        "subject": f"Reminder: {what}" + (f" – {about.name}" if about and about.name else ""),
        "text": "\n".join(lines),
        "remind_at": task.remind_at.isoformat(),
        "contact_id": task.contact_id,
    }
