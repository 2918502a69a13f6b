"""To-do lists: "my to-dos" (or an assignee's) with their colour, and the per-assignee
overview for managers."""

from __future__ import annotations

from crm.repository import PreferencesRepository, TaskRepository
from crm.use_cases import Actor, badges
from crm.use_cases.tasks import colour_of
from foyer_shared.db import Database, utcnow


def list_tasks(db: Database, actor: Actor, filters: dict, offset: int, limit: int):
    """ "My to-dos" unless another assignee is asked for (managers: crm.tasks.read)."""
    filters = {"assignee_user_id": actor.user_id, **filters}
    with db.read_only() as session:
        rows, total = TaskRepository(session).listed(actor.user_id, filters, offset, limit)
        timezone = PreferencesRepository(session).get().timezone
    now = utcnow()
    for task in rows:
        colour_of(task, now, timezone)
    return rows, total


def per_assignee(db: Database, actor: Actor) -> list[dict]:
    with db.read_only() as session:
        rows = TaskRepository(session).per_assignee(actor.user_id, badges.due_before(session))
    return [{"assignee_user_id": a, "open": n, "due": d} for a, n, d in rows]
