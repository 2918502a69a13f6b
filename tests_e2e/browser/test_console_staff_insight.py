"""The rest of Staff and roles in a real browser (issue 21): the owner asks why a member cannot
open the staff pages and reads the answer in words, deletes a custom role after a confirmation
and finds the deletion in the audit log. Every page passed has no console error and no WCAG
2.1 AA violation axe finds."""

from __future__ import annotations

import uuid

import pytest
import requests
from console_support import OWNER_PASSWORD, account, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def test_the_owner_explains_a_refusal_and_deletes_a_role_seen_in_the_audit_log(
    visit, site, owner_api
):
    member = account(site, owner_api, person(site, owner_api)["id"], "member")
    name = f"kassa{uuid.uuid4().hex[:6]}"
    body = {"name": name, "description": "Till", "permissions": ["registry.persons.read"]}
    made = requests.post(f"{site}/api/identity/roles", json=body, headers=owner_api, timeout=10)
    assert made.status_code == 201, made.text

    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.page.get_by_role("link", name="Staff and roles").click()
    tab.page.get_by_role("link", name="Why can't they see this?").click()
    tab.page.get_by_label("Username").fill(member)
    tab.page.get_by_label("Page", exact=True).select_option(label="Staff and roles")
    tab.page.get_by_role("button", name="Explain").click()
    expect(tab.page.locator("#verdict")).to_have_text(
        f"{member} cannot: it needs a permission they do not hold."
    )
    expect(tab.page.locator("#needed")).to_contain_text("identity.users.read")
    expect(tab.page.locator("#their-roles")).to_have_text("Member")
    expect(tab.page.locator("#granted-by")).to_contain_text("Administrator")
    tab.check("staff-explain")

    tab.page.get_by_role("link", name="Roles", exact=True).click()
    tab.page.get_by_role("link", name=f"Delete the role {name}").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(f"Delete the role {name}")
    tab.check("role-delete")
    tab.page.get_by_role("button", name="Delete the role").click()
    expect(tab.page.get_by_role("status")).to_have_text(f"The role “{name}” is deleted.")
    expect(tab.page.get_by_role("heading", name=name)).to_have_count(0)

    tab.page.get_by_role("link", name="Audit log").click()
    tab.page.get_by_label("What happened").select_option(label="Role deleted")
    tab.page.get_by_role("button", name="Filter").click()
    row = tab.page.locator("#audit tr", has_text=f"Name: {name}")
    expect(row).to_contain_text("Role deleted")
    expect(row).to_contain_text("owner")
    tab.check("staff-audit")
