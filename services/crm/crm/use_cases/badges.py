"""The badge: how many of a staff member's to-dos are due today or overdue, pushed as
crm.badge.changed when a change of to-dos changes it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crm import events
from crm.domain.tasks import end_of_today
from crm.models import Badge
from crm.repository import PreferencesRepository, TaskRepository
from foyer_shared.db import Database, utcnow


def due_before(session: Session, now: datetime | None = None) -> datetime:
    """The end of today in the CRM's time zone (docs/crm.md → Colours)."""
    return end_of_today(now or utcnow(), PreferencesRepository(session).get().timezone)


def count(db: Database, user_id: str, now: datetime | None = None) -> int:
    with db.read_only() as session:
        return TaskRepository(session).due_count(user_id, due_before(session, now))


def refresh(session: Session, user_ids, now: datetime | None = None) -> None:
    """Recount for each user; store and publish only the counts that changed."""
    before = due_before(session, now)
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    changes = []
    for user_id in sorted({u for u in user_ids if u}):
        value = TaskRepository(session).due_count(user_id, before)
        statement = insert(Badge).values(user_id=user_id, count=value, updated_at=utcnow())
        new = statement.excluded
        changed = session.execute(
            statement.on_conflict_do_update(
                index_elements=["user_id"],
                set_={"count": new.count, "updated_at": new.updated_at},
                where=Badge.count != new.count,
            ).returning(Badge.user_id)
        ).first()
        if changed is not None:
            changes.append({"user_id": user_id, "count": value})
    events.outbox.events(session, events.BADGE_CHANGED, changes)  # a day's turn moves many


def recount_all(db: Database, now: datetime | None = None) -> None:
    """Everyone with open to-dos that have a reminder (when the day turns, tomorrow's become
    due without any change to them)."""
    with db.transaction() as session:
        refresh(session, TaskRepository(session).assignees_with_reminders(), now)


class DayTurns:
    """A schedule's job: recount every badge once the CRM's local day has turned (and once at
    the worker's start). Several workers may each do it; only changed counts are published."""

    __name__ = "recount_badges_when_the_day_turns"

    def __init__(self):
        self.day = None

    def __call__(self, db: Database) -> int:
        with db.read_only() as session:
            timezone = PreferencesRepository(session).get().timezone
        today = utcnow().astimezone(ZoneInfo(timezone)).date()
        if today != self.day:
            recount_all(db)
            self.day = today
        return 0
