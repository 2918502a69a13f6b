"""To-dos through the Flask client on PostgreSQL: kinds, assignee rule, colours, lists, close
with history and a chained next to-do, reopen, edit, badge and its event."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.models import messaging
from foyer_shared.db import new_id, utcnow

ME = "test-user"


def published(db, routing_key: str) -> list[dict]:
    with db.read_only() as session:
        rows = session.execute(
            select(messaging.outbox).order_by(messaging.outbox.c.created_at)
        ).all()
    return [json.loads(r.body)["data"] for r in rows if r.routing_key == routing_key]


def at(days: float = 0) -> str:
    return (utcnow() + timedelta(days=days)).isoformat()


@pytest.fixture()
def seller(add_staff):
    return add_staff(None, "manager")


@pytest.fixture()
def card(call):
    return call.ok("POST", "/contacts", 201, json={"first_name": "Åsa", "last_name": "Ek"})


@pytest.fixture()
def call_type(call):
    return call.ok("POST", "/task-types", 201, json={"name": "Call customer"})["id"]


def test_a_private_to_do_is_the_creators_and_only_they_see_it(call, call_as):
    task = call.ok("POST", "/tasks", 201, json={"note": "Order towels", "remind_at": at(2)})
    assert (task["kind"], task["assignee_user_id"], task["state"]) == ("private", ME, "white")
    other = call_as(new_id())
    assert other("GET", f"/tasks/{task['id']}").status_code == 404
    assert other.ok("GET", f"/tasks?assignee_user_id={ME}") == []
    assert other("POST", f"/tasks/{task['id']}/close", json={}).status_code == 404


def test_a_person_to_do_needs_an_assignee_of_the_responsible_role(call, card, seller, add_staff):
    body = {"kind": "person", "contact_id": card["id"], "assignee_user_id": seller}
    task = call.ok("POST", "/tasks", 201, json=body)
    assert task["contact_id"] == card["id"]
    trainer = add_staff(None, "trainer")
    call.ok("PATCH", "/settings", json={"responsible_role": "manager"})
    for nobody in (trainer, new_id()):
        response = call("POST", "/tasks", json={**body, "assignee_user_id": nobody})
        assert response.status_code == 422
        assert "assignee_user_id" in response.json["errors"]["json"]
        response = call("PATCH", f"/tasks/{task['id']}", json={"assignee_user_id": nobody})
        assert response.status_code == 422


def test_unknown_or_mismatched_card_and_type_are_422_naming_them(call, card, seller, call_type):
    company = call.ok("POST", "/contacts", 201, json={"kind": "company"})
    base = {"kind": "person", "assignee_user_id": seller}
    for body, field in [
        ({**base, "contact_id": new_id()}, "contact_id"),
        ({**base}, "contact_id"),
        ({**base, "contact_id": company["id"]}, "contact_id"),
        ({"kind": "private", "contact_id": card["id"]}, "contact_id"),
        ({**base, "contact_id": card["id"], "type_id": new_id()}, "type_id"),
        ({"kind": "chore"}, "kind"),
        ({"remind_at": "tomorrow"}, "remind_at"),
    ]:
        response = call("POST", "/tasks", json=body)
        assert response.status_code == 422, body
        assert field in response.json["errors"]["json"], response.json
    call.ok("PATCH", f"/task-types/{call_type}", json={"archived": True})
    response = call("POST", "/tasks", json={"type_id": call_type})
    assert response.status_code == 422 and "archived" in response.json["message"]


def test_colours_against_the_local_day_and_my_list_sorted(call):
    made = {
        name: call.ok("POST", "/tasks", 201, json={"note": name, "remind_at": when})["id"]
        for name, when in [("later", at(3)), ("overdue", at(-3)), ("today", at(0)), ("none", None)]
    }
    listed = call.ok("GET", "/tasks")
    assert [(t["note"], t["state"]) for t in listed] == [
        ("overdue", "red"),
        ("today", "blue"),
        ("later", "white"),
        ("none", "white"),
    ]
    assert call.ok("GET", "/tasks/badge") == {"user_id": ME, "count": 2}
    call.ok("POST", f"/tasks/{made['overdue']}/close", json={})
    assert call.ok("GET", "/tasks/badge")["count"] == 1
    assert [t["note"] for t in call.ok("GET", "/tasks?state=closed")] == ["overdue"]
    assert len(call.ok("GET", "/tasks?state=all")) == 4


def test_the_badge_is_pushed_when_it_changes_only(call, db):
    task = call.ok("POST", "/tasks", 201, json={"remind_at": at(-1)})
    call.ok("POST", "/tasks", 201, json={"remind_at": at(5)})  # not due: count stays 1
    call.ok("PATCH", f"/tasks/{task['id']}", json={"note": "still due"})
    call.ok("POST", f"/tasks/{task['id']}/close", json={})
    call.ok("POST", f"/tasks/{task['id']}/reopen")
    assert [b["count"] for b in published(db, "crm.badge.changed")] == [1, 0, 1]
    assert {b["user_id"] for b in published(db, "crm.badge.changed")} == {ME}


def test_managers_see_to_dos_per_assignee(call, card, seller):
    body = {"kind": "person", "contact_id": card["id"], "assignee_user_id": seller}
    call.ok("POST", "/tasks", 201, json={**body, "remind_at": at(-1)})
    call.ok("POST", "/tasks", 201, json={**body, "remind_at": at(4)})
    call.ok("POST", "/tasks", 201, json={"remind_at": at(-1)})  # private: mine
    assert [t["assignee_user_id"] for t in call.ok("GET", f"/tasks?assignee_user_id={seller}")] == [
        seller,
        seller,
    ]
    overview = {a["assignee_user_id"]: a for a in call.ok("GET", "/tasks/assignees")}
    assert (overview[seller]["open"], overview[seller]["due"]) == (2, 1)
    assert overview[ME]["open"] == 1
    assert call.ok("GET", f"/tasks?contact_id={card['id']}&assignee_user_id={seller}")


def test_close_writes_history_and_chains_the_next_to_do(call, card, seller, call_type):
    called = call.ok("POST", "/history-types", 201, json={"name": "Called"})["id"]
    body = {"kind": "person", "contact_id": card["id"], "assignee_user_id": seller}
    task = call.ok("POST", "/tasks", 201, json={**body, "type_id": call_type, "remind_at": at(0)})
    closed = call.ok(
        "POST",
        f"/tasks/{task['id']}/close",
        json={
            "history": {"type_id": called, "note": "Interested in a card"},
            "next": {"remind_at": at(7), "note": "Call back"},
        },
    )
    assert closed["task"]["state"] == "done" and closed["task"]["closed_by"] == ME
    following = closed["next"]
    assert (following["kind"], following["contact_id"], following["assignee_user_id"]) == (
        "person",
        card["id"],
        seller,
    )
    assert following["type"]["name"] == "Call customer" and following["state"] == "white"
    entry = closed["history_entry"]
    assert (entry["source"], entry["task_id"], entry["type"]["name"]) == (
        "task",
        task["id"],
        "Called",
    )
    assert call.ok("GET", f"/contacts/{card['id']}/history")[0]["id"] == entry["id"]
    again = call("POST", f"/tasks/{task['id']}/close", json={})
    assert again.status_code == 422


def test_a_refused_next_to_do_closes_nothing(call, card, seller):
    body = {"kind": "person", "contact_id": card["id"], "assignee_user_id": seller}
    task = call.ok("POST", "/tasks", 201, json=body)
    response = call(
        "POST", f"/tasks/{task['id']}/close", json={"next": {"assignee_user_id": new_id()}}
    )
    assert response.status_code == 422
    assert "next.assignee_user_id" in response.json["errors"]["json"]
    assert call.ok("GET", f"/tasks/{task['id']}")["closed_at"] is None


def test_reopen_and_edit(call):
    task = call.ok("POST", "/tasks", 201, json={"note": "a"})
    assert call("POST", f"/tasks/{task['id']}/reopen").status_code == 422
    call.ok("POST", f"/tasks/{task['id']}/close", json={})
    reopened = call.ok("POST", f"/tasks/{task['id']}/reopen")
    assert reopened["closed_at"] is None and reopened["state"] == "white"
    edited = call.ok("PATCH", f"/tasks/{task['id']}", json={"note": "b", "remind_at": at(-2)})
    assert (edited["note"], edited["state"]) == ("b", "red")
    assert call("GET", f"/tasks/{new_id()}").status_code == 404


def test_task_permissions(call):
    response = call("POST", "/tasks", "crm.tasks.read", json={})
    assert response.status_code == 403 and "crm.tasks.write" in response.json["message"]
    assert call("GET", "/tasks/badge", "crm.contacts.read").status_code == 403


def test_every_list_shows_a_to_do_as_its_own_page_does(call, card, seller, call_type, add_staff):
    # The lists read rows, not entities (repository/task_pages.py): same fields, same type.
    add_staff(ME, "manager")
    body = {"kind": "person", "contact_id": card["id"], "type_id": call_type}
    typed = call.ok("POST", "/tasks", 201, json={**body, "note": "typed", "remind_at": at(-1)})
    call.ok("POST", "/tasks", 201, json={"note": "untyped"})
    done = call.ok("POST", "/tasks", 201, json={**body, "assignee_user_id": seller})
    call.ok("POST", f"/tasks/{done['id']}/close", json={})
    call.ok("PATCH", f"/task-types/{call_type}", json={"archived": True})
    for url in ("/tasks", "/tasks?state=all", f"/tasks?contact_id={card['id']}"):
        for listed in call.ok("GET", url):
            assert listed == call.ok("GET", f"/tasks/{listed['id']}"), url
    mine = {t["note"]: t for t in call.ok("GET", "/tasks")}
    assert mine["typed"]["type"] == {"id": call_type, "name": "Call customer", "archived": True}
    assert (mine["typed"]["state"], mine["untyped"]["type"]) == ("red", None)
    assert typed["id"] == mine["typed"]["id"]
    closed = call.ok("GET", f"/tasks?assignee_user_id={seller}&state=closed")
    assert [(t["id"], t["state"]) for t in closed] == [(done["id"], "done")]
