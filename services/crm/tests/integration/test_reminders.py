"""Reminders: each due to-do's reminder command is written once, also with two workers at once,
a worker dying mid-claim, or a restart; the relay takes it to RabbitMQ."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.models import Contact, Task, messaging
from crm.use_cases import reminders
from foyer_shared.db import new_id, utcnow
from foyer_shared.messaging import COMMANDS_EXCHANGE, OutboxRelay, connect
from foyer_testing import outbox_inserts, wait_until


def sent(db) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    return [json.loads(r.body)["data"] for r in rows if r.routing_key == "notify.send_reminder"]


@pytest.fixture()
def due_tasks(db, add_staff):
    person = new_id()
    seller = add_staff(None, "manager", person_id=person)
    with db.transaction() as session:
        own = Contact(person_id=person, first_name="Sam", last_name="Säljare", email="sam@x.se")
        session.add(own)
        about = Contact(person_id=new_id(), first_name="Åsa", last_name="Ek")
        session.add(about)
        session.flush()
        past = utcnow() - timedelta(minutes=5)
        tasks = [
            Task(
                kind="person",
                contact_id=about.id,
                created_by="u",
                assignee_user_id=seller,
                remind_at=past,
                note=f"call {n}",
            )
            for n in range(30)
        ]
        tasks.append(
            Task(
                kind="private",
                created_by="u",
                assignee_user_id=seller,
                remind_at=utcnow() + timedelta(days=1),
            )
        )
        session.add_all(tasks)
    return seller, person


def test_each_due_reminder_once_with_who_and_where(db, due_tasks):
    seller, person = due_tasks
    assert reminders.send_due(db, limit=100) == 30
    assert reminders.send_due(db) == 0
    messages = sent(db)
    assert len(messages) == 30 and len({m["task_id"] for m in messages}) == 30
    first = messages[0]
    assert (first["user_id"], first["person_id"], first["email"]) == (seller, person, "sam@x.se")
    assert "Åsa Ek" in first["subject"] and first["text"].startswith("To-do (")


def test_a_rounds_reminders_and_due_events_go_in_two_statements(db, due_tasks):
    with outbox_inserts(db.engine) as seen:
        assert reminders.send_due(db, limit=100) == 30
    assert seen == [30, 30]  # the reminder commands, then the crm.task.due events


def test_two_workers_at_once_still_once(db, due_tasks):
    counts = []
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        total = 0
        while found := reminders.send_due(db, limit=5):
            total += found
        counts.append(total)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(counts) == 30 and len({m["task_id"] for m in sent(db)}) == 30


def test_a_worker_dying_before_its_commit_leaves_them_for_the_next(db, due_tasks, monkeypatch):
    original = reminders._reminder

    def dies(*args):
        original(*args)
        raise SystemExit("killed mid-claim")

    monkeypatch.setattr(reminders, "_reminder", dies)
    with pytest.raises(SystemExit):
        reminders.send_due(db)
    assert sent(db) == []
    monkeypatch.setattr(reminders, "_reminder", original)
    assert reminders.send_due(db) == 30 and len(sent(db)) == 30


def test_a_new_reminder_time_reminds_again(db, call, due_tasks):
    reminders.send_due(db)
    with db.read_only() as session:
        task_id = session.scalars(select(Task.id).where(Task.note == "call 1")).one()
    soon = (utcnow() - timedelta(seconds=1)).isoformat()
    call.ok("PATCH", f"/tasks/{task_id}", json={"remind_at": soon})
    assert reminders.send_due(db) == 1
    assert [m["task_id"] for m in sent(db)].count(task_id) == 2


def test_the_relay_publishes_the_command_to_notify(settings, db, due_tasks):
    connection = connect(settings.amqp_url)
    channel = connection.channel()
    channel.exchange_declare(COMMANDS_EXCHANGE, "direct", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, COMMANDS_EXCHANGE, "notify.send_reminder")
    reminders.send_due(db)
    stop = threading.Event()
    relay = threading.Thread(
        target=OutboxRelay.for_settings(db, messaging, settings).run, args=(stop,), daemon=True
    )
    relay.start()
    got = []
    try:

        def drained():
            method, _props, body = channel.basic_get(queue, auto_ack=True)
            if method is not None:
                got.append(json.loads(body))
            return len(got) == 30

        wait_until(drained)
    finally:
        stop.set()
        relay.join(timeout=10)
        connection.close()
    assert {m["type"] for m in got} == {"notify.send_reminder"}


def test_the_badges_are_recounted_when_the_day_turns(db, due_tasks):
    from crm.use_cases import badges

    seller, _ = due_tasks
    turns = badges.DayTurns()
    turns(db)  # the worker starts: every badge counted, the changed ones published
    turns(db)  # the same day: nothing again
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    pushed = [json.loads(r.body)["data"] for r in rows if r.routing_key == "crm.badge.changed"]
    assert pushed == [{"user_id": seller, "count": 30}]
    badges.recount_all(db, now=utcnow() + timedelta(days=2))  # tomorrow's to-do is due too
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    pushed = [json.loads(r.body)["data"] for r in rows if r.routing_key == "crm.badge.changed"]
    assert pushed[-1] == {"user_id": seller, "count": 31}
