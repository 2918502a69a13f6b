"""The sales team's day in a real browser: the owner sets up a to-do type; a seller makes a
to-do about a member, due today (blue, badge up), and closes it with a history entry and the
next to-do chained (badge down). Every page passed has no console error and no WCAG 2.1 AA
violation that axe-core finds."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from console_support import PASSWORD, account, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")

CRM_ZONE = ZoneInfo("Europe/Stockholm")  # the CRM's default time zone: its colours' day


def badge(tab) -> int:
    return int(tab.page.locator("#todo-badge").inner_text())


def _card(site, headers, person_id) -> dict | None:
    """The member's CRM card, which the CRM makes from the registry's event."""
    found = requests.get(
        f"{site}/api/crm/contacts", params={"person_id": person_id}, headers=headers, timeout=10
    ).json()
    return found[0] if found else None


def _user_id(site, headers, username) -> str:
    found = requests.get(
        f"{site}/api/identity/users", params={"username": username}, headers=headers, timeout=10
    ).json()
    return found[0]["id"]


def test_a_seller_works_a_todo_from_today_to_the_next_a_todo_from_today_to_the_next(
    visit, site, owner_api, eventually
):
    type_name = f"Call customer {uuid.uuid4().hex[:4]}"
    made = requests.post(
        f"{site}/api/crm/task-types", json={"name": type_name}, headers=owner_api, timeout=10
    )
    assert made.status_code == 201, made.text
    member = person(site, owner_api, first_name="Maja", last_name=f"Ek{uuid.uuid4().hex[:4]}")
    seller = account(site, owner_api, person(site, owner_api)["id"], "manager")
    seller_id = _user_id(site, owner_api, seller)
    card = eventually(lambda: _card(site, owner_api, member["id"]))
    # The seller is responsible for the member's card: accepted once the CRM has seen the new
    # account (identity's event), which also makes them assignable.
    eventually(
        lambda: (
            requests.patch(
                f"{site}/api/crm/contacts/{card['id']}",
                json={"responsible_user_id": seller_id},
                headers=owner_api,
                timeout=10,
            ).status_code
            == 200
        )
    )
    today = datetime.now(CRM_ZONE).date()

    tab = visit()
    tab.log_in(seller, PASSWORD)
    before = badge(tab)
    tab.go(f"/persons/{member['id']}")
    crm = tab.page.locator("#crm")
    expect(crm.locator("#crm-status")).to_have_text("Prospect")
    tab.check("crm-card")

    crm.get_by_role("link", name="New to-do").click()
    tab.page.get_by_label("Type").select_option(label=type_name)
    tab.page.get_by_label("Reminder date").fill(today.isoformat())
    tab.page.get_by_label("Reminder time").fill("09:00")
    tab.page.get_by_label("Note").fill("Ask about the autumn card")
    tab.check("todo-new")
    tab.page.get_by_role("button", name="Save").click()
    expect(tab.page.locator("#todo-state")).to_have_text("Due today")
    expect(tab.page.locator("#todo-state")).to_have_class("state-tag state-blue")
    assert badge(tab) == before + 1
    tab.check("todo")

    tab.page.locator("#todos-link").click()
    row = tab.page.locator("li.todo", has_text="Ask about the autumn card")
    expect(row).to_have_class("todo state-blue")
    expect(row.locator(".state")).to_have_text("Due today")
    tab.check("todos")

    row.get_by_role("link").click()
    tab.page.get_by_label("What happened").fill("Called: she will think about it")
    tab.page.get_by_label("Reminder date").fill((today + timedelta(days=7)).isoformat())
    tab.page.get_by_label("Next note").fill("Call again about the autumn card")
    tab.page.get_by_role("button", name="Mark as done").click()
    expect(tab.page.get_by_role("status")).to_have_text("The to-do is done. The next one is made.")
    expect(tab.page.locator("#todo-state")).to_have_text("Later")
    assert badge(tab) == before
    tab.check("todo-next")

    tab.page.get_by_role("link", name=f"{member['first_name']} {member['last_name']}").click()
    crm = tab.page.locator("#crm")
    expect(crm.locator("li.todo.state-done")).to_contain_text("Ask about the autumn card")
    expect(crm.locator("li.todo.state-white")).to_contain_text("Call again")
    expect(crm.locator(".history")).to_contain_text("Called: she will think about it")
    tab.check()
