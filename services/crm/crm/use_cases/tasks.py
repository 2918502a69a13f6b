"""To-dos: create, edit, close (optionally chaining the next one and writing history), reopen,
list with their colour, and the per-assignee overview."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crm import events
from crm.domain import InvalidInput, NotFound, tasks
from crm.domain import labels as L
from crm.models import Task
from crm.repository import ContactRepository, LabelRepository, PreferencesRepository, TaskRepository
from crm.repository.task_pages import TaskRow
from crm.use_cases import Actor, badges, history
from crm.use_cases.responsibility import ensure_may_be_responsible
from foyer_shared.db import Database, new_id, utcnow
from foyer_shared.words import N_


def create_task(db: Database, actor: Actor, data: dict) -> Task:
    with db.transaction() as session:
        task = _new_task(session, actor, data)
        badges.refresh(session, [task.assignee_user_id])
    return _coloured(db, task)


def _new_task(session: Session, actor: Actor, data: dict) -> Task:
    kind = data.get("kind") or tasks.PRIVATE
    contact = _contact(session, data.get("contact_id"))
    tasks.check_link(kind, contact)
    assignee = actor.name if kind == tasks.PRIVATE else data.get("assignee_user_id") or actor.name
    if kind == tasks.PRIVATE and data.get("assignee_user_id") not in (None, actor.user_id):
        raise InvalidInput.one("assignee_user_id", N_("a private to-do is the creator's own"))
    if kind != tasks.PRIVATE:
        ensure_may_be_responsible(session, assignee, "assignee_user_id")
    task = Task(
        id=new_id(),
        kind=kind,
        contact_id=contact.id if contact else None,
        created_by=actor.name,
        assignee_user_id=assignee,
        type_id=_type(session, data.get("type_id")),
        note=data.get("note"),
        remind_at=data.get("remind_at"),
    )
    TaskRepository(session).add(task)
    session.flush()
    publish(session, events.TASK_CREATED, task)
    return with_type(session, task)


def with_type(session: Session, row):
    """Its type loaded (as of now), to be shown after the session closes."""
    session.flush()
    session.expire(row, ["type"])
    _ = row.type
    return row


def _contact(session: Session, contact_id: str | None):
    contact = ContactRepository(session).get(contact_id)
    if contact_id and contact is None:
        raise InvalidInput.one("contact_id", f"no card with id {contact_id}")
    return contact


def _type(session: Session, type_id: str | None, field: str = "type_id") -> str | None:
    if type_id:
        L.ensure_choosable(LabelRepository(session).get(type_id), L.TASK_TYPE, field)
    return type_id


def publish(session: Session, message, task: Task) -> None:
    events.outbox.event(session, message, task_fact(task))


def task_fact(task: Task) -> dict:
    """What a task event says about the to-do."""
    return {
        "task_id": task.id,
        "kind": task.kind,
        "assignee_user_id": task.assignee_user_id,
        "contact_id": task.contact_id,
        "remind_at": task.remind_at.isoformat() if task.remind_at else None,
    }


def _load(session: Session, actor: Actor, task_id: str) -> Task:
    task = TaskRepository(session).for_update(task_id)
    if task is None or not tasks.visible_to(task, actor.user_id):
        raise NotFound(f"no to-do with id {task_id}")
    return task


def change_task(db: Database, actor: Actor, task_id: str, changes: dict) -> Task:
    with db.transaction() as session:
        task = _load(session, actor, task_id)
        before = task.assignee_user_id
        if "assignee_user_id" in changes and changes["assignee_user_id"] != before:
            _reassign(session, actor, task, changes["assignee_user_id"])
        if "type_id" in changes and changes["type_id"] != task.type_id:
            task.type_id = _type(session, changes["type_id"])
        if "note" in changes:
            task.note = changes["note"]
        if "remind_at" in changes and changes["remind_at"] != task.remind_at:
            task.remind_at, task.reminded_at = changes["remind_at"], None  # a new time reminds
        with_type(session, task)
        badges.refresh(session, [before, task.assignee_user_id])
    return _coloured(db, task)


def _reassign(session: Session, actor: Actor, task: Task, assignee: str | None) -> None:
    if task.kind == tasks.PRIVATE or not assignee:
        raise InvalidInput.one("assignee_user_id", N_("a private to-do is the creator's own"))
    ensure_may_be_responsible(session, assignee, "assignee_user_id")
    task.assignee_user_id = assignee
    publish(session, events.TASK_ASSIGNED, task)


def close_task(db: Database, actor: Actor, task_id: str, data: dict) -> dict:
    """Done: optionally a history entry on the card and the next to-do, all or nothing."""
    with db.transaction() as session:
        task = _load(session, actor, task_id)
        if task.closed_at is not None:
            raise InvalidInput.one("task_id", "the to-do is closed already")
        task.closed_at, task.closed_by = utcnow(), actor.name
        publish(session, events.TASK_CLOSED, task)
        entry = _closing_history(session, actor, task, data.get("history"))
        following = _next_task(session, actor, task, data.get("next"))
        session.flush()
        badges.refresh(session, [task.assignee_user_id, following and following.assignee_user_id])
    return {
        "task": _coloured(db, task),
        "next": _coloured(db, following) if following else None,
        "history_entry": entry,
    }


def _closing_history(session: Session, actor: Actor, task: Task, wanted: dict | None):
    if wanted is None:
        return None
    if task.contact_id is None:
        raise InvalidInput.one("history", "a private to-do has no card to write history on")
    return history.write(session, actor, task.contact_id, wanted, source="task", task_id=task.id)


def _next_task(session: Session, actor: Actor, task: Task, wanted: dict | None) -> Task | None:
    """The next to-do about the same card; assignee and type default to the closed one's."""
    if wanted is None:
        return None
    defaults = {
        "kind": task.kind,
        "contact_id": task.contact_id,
        "assignee_user_id": task.assignee_user_id if task.kind != tasks.PRIVATE else None,
        "type_id": task.type_id,
    }
    try:
        return _new_task(session, actor, {**defaults, **wanted})
    except InvalidInput as exc:
        raise InvalidInput({f"next.{k}": v for k, v in exc.errors.items()}) from None


def reopen_task(db: Database, actor: Actor, task_id: str) -> Task:
    with db.transaction() as session:
        task = _load(session, actor, task_id)
        if task.closed_at is None:
            raise InvalidInput.one("task_id", "the to-do is open")
        task.closed_at = task.closed_by = None
        if task.remind_at and task.remind_at > utcnow():
            task.reminded_at = None  # its reminder has not come yet: it will
        session.flush()
        badges.refresh(session, [task.assignee_user_id])
    return _coloured(db, task)


def get_task(db: Database, actor: Actor, task_id: str) -> Task:
    with db.read_only() as session:
        task = TaskRepository(session).get(task_id)
        if task is None or not tasks.visible_to(task, actor.user_id):
            raise NotFound(f"no to-do with id {task_id}")
    return _coloured(db, task)


def _coloured(db: Database, task: Task) -> Task:
    with db.read_only() as session:
        timezone = PreferencesRepository(session).get().timezone
    return colour_of(task, utcnow(), timezone)


def colour_of(task: Task | TaskRow, now, timezone: str) -> Task | TaskRow:
    task.state = "done" if task.closed_at else tasks.colour(task.remind_at, now, timezone)
    return task
