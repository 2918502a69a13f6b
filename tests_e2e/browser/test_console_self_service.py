"""A member's own pages in a real browser (issue 21): they tick an interest and save it, see
their family with the rights in it, and read the message the club sent them; no staff
permission. Every page passed has no console error and no WCAG 2.1 AA violation axe finds."""

from __future__ import annotations

import uuid

import pytest
import requests
from console_support import PASSWORD, account, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def _post(site, headers, path: str, body: dict) -> dict:
    made = requests.post(f"{site}{path}", json=body, headers=headers, timeout=10)
    assert made.status_code in (201, 202), made.text
    return made.json()


def _sent(site, headers, person_id: str, subject: str):
    """A staff message to the person; notify knows them from the registry's event (422 until
    then)."""
    body = {"person_ids": [person_id], "subject": subject, "body": "Hej!"}
    answer = requests.post(f"{site}/api/notify/messages", json=body, headers=headers, timeout=10)
    return answer.json() if answer.status_code == 202 else None


def test_a_member_chooses_interests_and_reads_family_and_messages(
    visit, site, owner_api, eventually
):
    suffix = uuid.uuid4().hex[:6]
    area = _post(site, owner_api, "/api/registry/interest-areas", {"name": f"Klättring {suffix}"})
    me = person(site, owner_api, first_name="Mira", email=f"mira.{suffix}@example.se")
    child = person(site, owner_api, first_name="Olle")
    family = f"Familjen {suffix}"
    _post(
        site,
        owner_api,
        "/api/registry/families",
        {
            "name": family,
            "head_id": me["id"],
            "members": [{"person_id": child["id"], "rights": []}],
        },
    )
    subject = f"Välkommen {suffix}"
    eventually(lambda: _sent(site, owner_api, me["id"], subject), timeout=30)
    username = account(site, owner_api, me["id"], "member")

    tab = visit()
    tab.log_in(username, PASSWORD)
    tab.page.get_by_role("link", name="My interests").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("My interests")
    tab.page.get_by_label(area["name"]).check()
    tab.page.get_by_role("button", name="Save my interests").click()
    expect(tab.page.get_by_role("status")).to_have_text("Your interests are saved.")
    expect(tab.page.get_by_label(area["name"])).to_be_checked()
    tab.check("my-interests")

    tab.page.get_by_role("link", name="My family").click()
    expect(tab.page.locator("#family-name")).to_have_text(family)
    expect(tab.page.locator("#family tr", has_text="(you)")).to_contain_text(
        "Head of the family: every right"
    )
    tab.page.locator("#family").get_by_role("link", name=child["display_name"]).click()
    expect(tab.page.get_by_role("heading", level=1)).to_contain_text("Olle")
    tab.page.go_back()
    tab.check("my-family")

    tab.page.get_by_role("link", name="My messages").click()
    expect(tab.page.locator("#my-messages")).to_contain_text(subject)
    tab.check("my-messages")
    assert tab.page.get_by_role("link", name="Staff and roles").count() == 0
