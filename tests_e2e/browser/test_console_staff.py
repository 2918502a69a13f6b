"""Staff and roles, and the activation after an import, in a real browser: the owner gives a
new staff member the receptionist role and sees it listed; the owner imports two members with
pending accounts, sends them activation and sees the mails sent. Every page passed has no
console error and no WCAG 2.1 AA violation that axe-core finds."""

from __future__ import annotations

import re
import uuid

import pytest
from console_support import OWNER_PASSWORD, PASSWORD, person
from e2e_accounts import make_account
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def test_the_owner_gives_a_new_staff_member_the_receptionist_role(visit, site, owner_api):
    staff = person(site, owner_api)
    username = make_account(site, owner_api, PASSWORD, [], staff["id"], prefix="staff")["username"]

    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.page.get_by_role("link", name="Staff and roles").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Staff and roles")
    tab.page.get_by_label("Username begins with").fill(username)
    tab.page.keyboard.press("Enter")
    row = tab.page.locator("#accounts tr", has_text=username)
    expect(row).to_contain_text("Active")
    tab.check("staff")
    row.get_by_role("link", name=username).click()

    expect(tab.page.get_by_role("heading", level=1)).to_have_text(username)
    tab.page.get_by_label(re.compile("^Receptionist · The desk")).check()  # a role in words
    tab.page.get_by_role("button", name="Save the roles").click()
    expect(tab.page.get_by_role("status")).to_have_text(f"The roles of {username} are saved.")
    expect(tab.page.locator("#user-roles")).to_have_text("Receptionist")
    tab.check("staff-user")

    # The audit log says what changed in words: the roles by name, not identity's data.
    tab.go("/staff/audit?kind=user.roles_changed")
    change = tab.page.locator("#audit tr", has_text=username).first
    expect(change).to_contain_text("Before: —; After: Receptionist")
    tab.page.go_back()  # to the user's page

    tab.page.get_by_role("link", name="All accounts").click()
    field = tab.page.get_by_label("Username begins with")
    field.fill(username)
    button = field.locator("xpath=ancestor::form").get_by_role("button", name="Filter")
    # The filter's button stands level with the fields, not stretched over their labels.
    box, beside = button.bounding_box(), field.bounding_box()
    assert abs((box["y"] + box["height"]) - (beside["y"] + beside["height"])) < 4
    assert box["height"] < 1.5 * beside["height"]
    button.click()
    expect(tab.page.locator("#accounts tr", has_text=username)).to_contain_text("Receptionist")

    tab.page.get_by_role("link", name="Roles", exact=True).click()
    heading = tab.page.get_by_role("heading", name=re.compile("^Receptionist"))
    expect(heading).to_be_visible()
    expect(tab.page.get_by_role("region", name=re.compile("^Receptionist"))).to_contain_text(
        "The desk: finds, registers and changes people"
    )
    tab.check("roles")


def test_the_owner_sends_activation_to_the_accounts_an_import_made(
    visit, site, owner_api, tmp_path
):
    suffix = uuid.uuid4().hex[:6]
    csv = tmp_path / f"members-{suffix}.csv"
    csv.write_text(
        "Förnamn;Efternamn;E-post\n"
        f"Alva;Berg{suffix};alva.{suffix}@example.se\n"
        f"Bo;Ek{suffix};bo.{suffix}@example.se\n",
        encoding="utf-8",
    )
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.page.get_by_role("link", name="Import").click()
    tab.page.get_by_label("CSV or XLSX file").set_input_files(str(csv))
    tab.page.get_by_role("button", name="Upload").click()
    tab.page.wait_for_url(re.compile(r".*/imports/[^/]+/mapping$"))
    tab.page.get_by_label("Find existing by").select_option(label="E-mail")  # no personnummer
    tab.page.get_by_label("Create login accounts (pending) for new persons").check()
    tab.page.get_by_role("button", name="Save and make a dry run").click()
    expect(tab.page.locator("#job-state")).to_have_text(
        "Dry run done: nothing is written yet", timeout=60_000
    )
    tab.page.get_by_role("button", name="Run the import").click()
    expect(tab.page.locator("#job-state")).to_have_text("Import completed", timeout=90_000)

    # identity makes the accounts from the registry's command and notify hears of them: the
    # button asks notify, which answers 422 until it knows them; ask again until it does.
    button = tab.page.get_by_role("button", name="Send activation to the new accounts")
    for _ in range(30):
        button.click()
        if "/activation/" in tab.page.url:
            break
        tab.errors.clear()  # the refusal's flash is expected while notify waits
        tab.page.wait_for_timeout(1000)
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Activation of the new accounts")
    expect(tab.page.locator("#count-accounts")).to_have_text("2")
    expect(tab.page.locator("#run-state")).to_have_text("Done", timeout=60_000)
    expect(tab.page.locator("#count-sent")).to_have_text("2")
    expect(tab.page.locator("#count-issued")).to_have_text("2")
    tab.check("import-activation")
