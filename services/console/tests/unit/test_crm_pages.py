"""The CRM pages against a fake gateway: the badge, my to-dos in words and colours, create and
close with a chained next to-do, the lists' filters, the CRM card, and who sees none of it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

TASK = "11111111-1111-4111-8111-111111111111"
NEXT = "22222222-2222-4222-8222-222222222222"
CARD = "33333333-3333-4333-8333-333333333333"
PERSON = "44444444-4444-4444-8444-444444444444"
CRM_STAFF = [
    "registry.persons.read",
    "crm.contacts.read",
    "crm.contacts.write",
    "crm.tasks.read",
    "crm.tasks.write",
]


def task(state="blue", **fields):
    return {
        "id": TASK,
        "kind": "person",
        "contact_id": CARD,
        "assignee_user_id": "u-1",
        "type_id": None,
        "type": {"id": "t-1", "name": "Call customer", "archived": False},
        "note": "Ask about the renewal",
        "remind_at": "2026-12-04T08:00:00+00:00",
        "state": state,
        "closed_at": None,
        **fields,
    }


CONTACT = {
    "id": CARD,
    "person_id": PERSON,
    "kind": "person",
    "status": "prospect",
    "name": "Åsa Lind",
    "email": None,
    "bad_address": False,
    "responsible_user_id": "u-1",
    "tags": [{"id": "g-1", "name": "Gold", "archived": False}],
    "status_changes": [],
}


@pytest.fixture
def crm_staff(signed_in, gateway):
    gateway.permissions = CRM_STAFF
    gateway.on("GET", "/api/crm/tasks/badge", 200, {"user_id": "u-1", "count": 3})
    gateway.on("GET", "/api/crm/settings", 200, {"timezone": "Europe/Stockholm"})
    gateway.on("GET", "/api/crm/task-types", 200, [{"id": "t-1", "name": "Call customer"}])
    gateway.on("GET", "/api/crm/history-types", 200, [])
    gateway.on("GET", "/api/crm/tags", 200, [{"id": "g-1", "name": "Gold"}])
    gateway.on("GET", f"/api/crm/contacts/{CARD}", 200, CONTACT)
    return signed_in


def test_the_badge_is_in_the_menu_of_every_page_with_one_call(crm_staff, gateway):
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    page = crm_staff.get("/search")
    assert 'id="todo-badge">3<' in page.text and "due today or overdue" in page.text
    badge_calls = [c for c in gateway.calls if c[1] == "/api/crm/tasks/badge"]
    assert len(badge_calls) == 1


def test_no_badge_nor_crm_pages_without_the_permissions(signed_in, gateway):
    page = signed_in.get("/search")
    assert "todo-badge" not in page.text and 'href="/todos"' not in page.text
    assert not any(c[1].startswith("/api/crm") for c in gateway.calls)
    assert signed_in.get("/todos").status_code == 403
    assert signed_in.get("/crm/contacts").status_code == 403


def test_a_crm_failure_does_not_break_the_page(crm_staff, gateway):
    gateway.on("GET", "/api/crm/tasks/badge", 503, {"code": 503, "message": "down"})
    gateway.on("GET", "/api/crm/tasks", 200, [])
    page = crm_staff.get("/todos")
    assert page.status_code == 200 and "todo-badge" not in page.text


def test_my_todos_say_their_colour_in_words(crm_staff, gateway):
    rows = [task("red", id="a"), task("blue", id="b"), task("white", id="c", remind_at=None)]
    gateway.on("GET", "/api/crm/tasks", 200, rows)
    page = crm_staff.get("/todos").text
    for css, words in (("red", "Overdue"), ("blue", "Due today"), ("white", "Later")):
        assert f"todo state-{css}" in page and words in page
    assert "2026-12-04 09:00" in page  # the CRM's local time, not UTC
    assert "No reminder" in page


def test_creating_a_todo_sends_the_reminder_in_the_crms_time_zone(crm_staff, gateway):
    sent = []
    gateway.routes[("POST", "/api/crm/tasks")] = lambda **kw: (
        sent.append(kw["json"]) or answer(201, task())
    )
    form = crm_staff.get(f"/todos/new?contact_id={CARD}")
    assert "Åsa Lind" in form.text
    response = crm_staff.post(
        "/todos/new",
        data={
            "csrf_token": csrf_of(form.text),
            "contact_id": CARD,
            "type_id": "t-1",
            "remind_date": "2026-12-04",
            "remind_time": "10:30",
            "note": "Call back",
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/todos/{TASK}"
    assert sent == [
        {
            "type_id": "t-1",
            "note": "Call back",
            "remind_at": "2026-12-04T10:30:00+01:00",
            "kind": "person",
            "contact_id": CARD,
        }
    ]


def test_the_apis_refusal_is_shown_at_the_field(crm_staff, gateway):
    refusal = {"code": 422, "errors": {"json": {"remind_at": ["Not a valid datetime."]}}}
    gateway.on("POST", "/api/crm/tasks", 422, refusal)
    form = crm_staff.get("/todos/new")
    response = crm_staff.post(
        "/todos/new",
        data={"csrf_token": csrf_of(form.text), "remind_date": "2026-12-04"},
    )
    assert response.status_code == 422 and 'id="f-remind_date-error"' in response.text


def test_closing_chains_the_next_todo(crm_staff, gateway):
    gateway.on("GET", f"/api/crm/tasks/{TASK}", 200, task())
    sent = []
    gateway.routes[("POST", f"/api/crm/tasks/{TASK}/close")] = lambda **kw: (
        sent.append(kw["json"]) or answer(200, {"task": task("done"), "next": task(id=NEXT)})
    )
    page = crm_staff.get(f"/todos/{TASK}")
    assert "Due today" in page.text and "Mark as done" in page.text
    response = crm_staff.post(
        f"/todos/{TASK}/close",
        data={
            "csrf_token": csrf_of(page.text),
            "history_note": "Talked",
            "next_date": "2026-12-11",
            "next_time": "",
            "next_note": "Follow up",
        },
    )
    assert response.headers["Location"] == f"/todos/{NEXT}"
    assert sent == [
        {
            "history": {"note": "Talked"},
            "next": {"remind_at": "2026-12-11T09:00:00+01:00", "note": "Follow up"},
        }
    ]


def test_the_contacts_list_passes_its_filters(crm_staff, gateway):
    gateway.on("GET", "/api/crm/contacts", 200, [CONTACT], {"X-Pagination": '{"total": 1}'})
    page = crm_staff.get("/crm/contacts?kind=person&status=customer&status=bogus&tag=g-1&q=Å")
    assert page.status_code == 200 and "Åsa Lind" in page.text and "Prospect" in page.text
    params = [c[3]["params"] for c in gateway.calls if c[1] == "/api/crm/contacts"][0]
    assert params["status"] == ["customer"] and params["tag"] == ["g-1"] and params["q"] == "Å"


def test_the_person_card_has_the_crm_card(crm_staff, gateway):
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, {"id": PERSON, "interests": []})
    gateway.on("GET", "/api/registry/interest-areas", 200, [])
    gateway.on("GET", "/api/crm/contacts", 200, [CONTACT])
    gateway.on("GET", f"/api/crm/contacts/{CARD}/history", 200, [])
    gateway.on("GET", "/api/crm/tasks", 200, [task()])
    page = crm_staff.get(f"/persons/{PERSON}").text
    assert 'id="crm"' in page and "Prospect" in page and "Gold" in page
    assert "Call customer" in page and f"/todos/new?contact_id={CARD}" in page
    sent = []
    gateway.routes[("PATCH", f"/api/crm/contacts/{CARD}")] = lambda **kw: (
        sent.append(kw["json"]) or answer(200, CONTACT)
    )
    response = crm_staff.post(
        f"/persons/{PERSON}/crm",
        data={"csrf_token": csrf_of(page), "contact_id": CARD, "status": "customer"},
    )
    assert response.status_code == 302
    assert sent == [{"status": "customer", "responsible_user_id": None, "tag_ids": []}]
