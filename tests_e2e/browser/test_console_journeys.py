"""Journeys through the console in a real browser: log in, search (also a name within a
status), edit a card, import a file with errors to the end and undo it, a group leader who sees
only their group, and a member who is not shown what they may not use. Each page a journey
passes has no console error and no WCAG 2.1 AA violation that axe-core finds."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import requests
from console_support import OWNER_PASSWORD, PASSWORD, account, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")

FIXTURES = Path(__file__).resolve().parents[2] / "services/imports/tests/fixtures"


def test_owner_logs_in_finds_a_member_by_keyboard_and_edits_the_card(
    visit, site, owner_api, console_stack
):
    surname = f"Lindström{uuid.uuid4().hex[:4]}"
    member = person(
        site,
        owner_api,
        first_name="Åsa",
        last_name=surname,
        email=f"asa.{uuid.uuid4().hex[:6]}@example.se",
        important_note="Allergic to nuts: no nut bars at the desk",
    )
    tab = visit()
    tab.go("/")
    expect(tab.page.get_by_role("heading", name="Log in")).to_be_visible()
    tab.check("login")
    tab.log_in("owner", OWNER_PASSWORD)

    box = tab.page.get_by_label("Name, e-mail, phone, personnummer or customer number")
    expect(box).to_be_focused()
    box.fill(surname)
    box.press("Enter")
    expect(tab.page.get_by_role("heading", name="1 found")).to_be_visible()
    tab.check("search")
    tab.page.get_by_label("Name, e-mail, phone, personnummer or customer number").press("ArrowDown")
    focused = tab.page.locator("#results a").first
    expect(focused).to_be_focused()
    focused.press("Enter")
    tab.page.wait_for_url(f"**/persons/{member['id']}")
    important = tab.page.get_by_role("complementary", name="Important")
    expect(important).to_contain_text("Allergic to nuts")
    tab.check("card")

    tab.page.get_by_role("link", name="Edit").click()
    tab.page.get_by_label("Mobile phone").fill("070-123 45 67")
    tab.check("edit")
    tab.page.get_by_role("button", name="Save").click()
    expect(tab.page.get_by_role("status")).to_have_text("The card is saved.")
    change_log = tab.page.get_by_role("region", name="Change log").get_by_role("table")
    # The change in words: who, the field's label, the number grouped to read.
    latest = change_log.get_by_role("row").nth(1)
    expect(latest).to_contain_text("owner")
    expect(latest).to_contain_text("Mobile phone")
    expect(latest).to_contain_text("+46 70 123 45 67")
    tab.check()
    stored = requests.get(
        f"{site}/api/registry/persons/{member['id']}", headers=owner_api, timeout=10
    ).json()
    assert stored["mobile_phone"] and stored["version"] == member["version"] + 1


def test_a_receptionist_finds_a_name_within_a_status(visit, site, owner_api):
    # The search page's status filter with a word (on PostgreSQL the persons' link tags and the
    # trigram index together: docs/registry.md → Search, "Link tags").
    mark = uuid.uuid4().hex[:5]
    vip = requests.post(
        f"{site}/api/registry/statuses", json={"name": f"VIP {mark}"}, headers=owner_api, timeout=10
    ).json()
    gold = person(site, owner_api, first_name="Greta", last_name=f"Berg{mark}")
    plain = person(site, owner_api, first_name="Per", last_name=f"Berg{mark}")
    other = person(site, owner_api, first_name="Eva", last_name=f"Ek{mark}")
    for who in (gold, other):
        linked = requests.put(
            f"{site}/api/registry/persons/{who['id']}/statuses/{vip['id']}",
            headers=owner_api,
            timeout=10,
        )
        assert linked.status_code == 204, linked.text
    username = account(site, owner_api, plain["id"], "receptionist")

    tab = visit()
    tab.log_in(username, PASSWORD)
    tab.page.get_by_label("Status", exact=True).select_option(label=f"VIP {mark}")
    box = tab.page.get_by_label("Name, e-mail, phone, personnummer or customer number")
    box.fill(f"berg{mark}")
    box.press("Enter")

    expect(tab.page.get_by_role("heading", name="1 found")).to_be_visible()
    results = tab.page.locator("#results")
    expect(results).to_contain_text(f"Greta Berg{mark}")
    expect(results).not_to_contain_text(f"Per Berg{mark}")
    expect(tab.page.get_by_label("Status", exact=True)).to_have_value(vip["id"])
    tab.check("search-within-status")


def test_an_edit_over_someone_elses_change_is_refused_not_lost(visit, site, owner_api):
    member = person(site, owner_api)
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{member['id']}/edit")
    changed = requests.patch(
        f"{site}/api/registry/persons/{member['id']}",
        json={"city": "Umeå"},
        headers=owner_api,
        timeout=10,
    )
    assert changed.status_code == 200
    tab.page.get_by_label("City").fill("Lund")
    tab.page.get_by_role("button", name="Save").click()
    expect(tab.page.get_by_role("alert")).to_contain_text("Someone else changed this card")
    expect(tab.page.get_by_label("City")).to_have_value("Umeå")


def test_owner_imports_a_file_with_errors_to_the_end_and_undoes_it(visit, site, owner_api):
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.follow(tab.page.get_by_role("link", name="Import"))
    tab.check("import-upload")
    tab.page.get_by_label("CSV or XLSX file").set_input_files(str(FIXTURES / "customers_sv.csv"))
    tab.page.get_by_role("button", name="Upload").click()
    tab.page.wait_for_url(re.compile(r".*/imports/[^/]+/mapping$"))
    expect(tab.page.get_by_label("Personnummer", exact=True)).to_have_value("personnummer")
    tab.page.get_by_label("Create statuses the register lacks").check()
    tab.check("import-mapping")
    tab.page.get_by_role("button", name="Save and make a dry run").click()

    expect(tab.page.locator("#job-state")).to_have_text(
        "Dry run done: nothing is written yet", timeout=60_000
    )
    errors = int(tab.page.locator('[data-count="errors"]').first.inner_text())
    assert errors == 13  # services/imports/tests/fixtures/customers_sv.answers.tsv
    expect(tab.page.get_by_role("heading", name="Rows with errors")).to_be_visible()
    # The first refused row, by its number in the file (the answers fixture: row 8, e-mail).
    expect(tab.page.locator("[data-row-in-file]").first).to_have_text("8")
    tab.check("import-dry-run")

    tab.page.get_by_role("button", name="Run the import").click()
    expect(tab.page.locator("#job-state")).to_have_text("Import completed", timeout=90_000)
    tab.check("import-completed")
    with tab.page.expect_download() as download:
        tab.page.get_by_role("link", name="Error file (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Import error" in content.splitlines()[0]
    assert len(content.strip().splitlines()) == 1 + errors

    tab.page.once("dialog", lambda dialog: dialog.accept())
    tab.page.get_by_role("button", name="Undo the import").click()
    expect(tab.page.locator("#job-state")).to_have_text("Undone", timeout=60_000)
    tab.check()


def test_a_group_leader_sees_only_their_group(visit, site, owner_api, eventually):
    team = requests.post(
        f"{site}/api/registry/groups",
        json={"name": f"P12 {uuid.uuid4().hex[:4]}", "kind": "team"},
        headers=owner_api,
        timeout=10,
    ).json()
    mark = uuid.uuid4().hex[:5]
    leader = person(site, owner_api, first_name="Lena", last_name=f"Ledare{mark}")
    player = person(site, owner_api, first_name="Pelle", last_name=f"Spelare{mark}")
    outsider = person(site, owner_api, first_name="Olle", last_name=f"Utanför{mark}")
    for who, role in ((leader, "leader"), (player, "member")):
        added = requests.post(
            f"{site}/api/registry/groups/{team['id']}/members",
            json={"person_id": who["id"], "role": role},
            headers=owner_api,
            timeout=10,
        )
        assert added.status_code == 204, added.text
    username = account(site, owner_api, leader["id"], "group_leader")

    tab = visit(width=390, height=844)  # a phone
    tab.log_in(username, PASSWORD)
    box = tab.page.get_by_label("Name, e-mail, phone, personnummer or customer number")
    box.fill(mark)
    box.press("Enter")
    results = tab.page.locator("#results")
    expect(results).to_contain_text(f"Spelare{mark}")
    expect(results).not_to_contain_text(f"Utanför{mark}")
    tab.check("search-group-leader-phone")
    expect(tab.page.get_by_role("link", name="Import")).to_have_count(0)
    tab.expect_refused(f"/persons/{outsider['id']}")
    tab.expect_refused("/imports")


def test_a_member_is_not_shown_what_they_may_not_use(visit, site, owner_api):
    me = person(site, owner_api, first_name="Maja")
    username = account(site, owner_api, me["id"], "member")
    tab = visit()
    tab.log_in(username, PASSWORD)
    tab.page.get_by_role("link", name="My card").click()
    expect(tab.page.get_by_role("heading", name=me["display_name"])).to_be_visible()
    for hidden in ("Import", "Delete", "GDPR export"):
        expect(tab.page.get_by_role("link", name=hidden)).to_have_count(0)
        expect(tab.page.get_by_role("button", name=hidden)).to_have_count(0)
    tab.check()
    tab.expect_refused("/imports")  # not linked, and refused when typed in


def test_language_is_remembered_and_a_bad_activation_link_says_what_to_do(visit):
    tab = visit()
    tab.go("/login")
    tab.page.get_by_label("Language").select_option("sv")
    expect(tab.page.get_by_role("heading", name="Logga in")).to_be_visible()
    tab.go("/activate?token=not-a-real-token")
    expect(tab.page.get_by_role("heading", name="Aktivera ditt konto")).to_be_visible()
    tab.check("activate-sv")
    tab.page.get_by_label("Nytt lösenord").fill("a long enough passphrase here")
    tab.page.get_by_label("Samma lösenord igen").fill("a long enough passphrase here")
    tab.page.get_by_role("button", name="Spara lösenordet").click()
    expect(tab.page.get_by_role("alert")).to_be_visible()
    expect(tab.page.get_by_role("link", name="Be om en ny länk")).to_be_visible()


def test_a_family_head_cannot_be_deleted_the_page_says_why_and_the_export_downloads(
    visit, site, owner_api
):
    head = person(site, owner_api, first_name="Karin")
    child = person(site, owner_api, first_name="Kalle")
    family = requests.post(
        f"{site}/api/registry/families",
        json={
            "name": "Familjen Test",
            "head_id": head["id"],
            "members": [{"person_id": child["id"]}],
        },
        headers=owner_api,
        timeout=10,
    )
    assert family.status_code == 201, family.text
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{head['id']}")
    expect(tab.page.get_by_role("link", name=child["display_name"])).to_be_visible()
    tab.page.once("dialog", lambda dialog: dialog.accept())
    tab.page.get_by_role("button", name="Delete").click()
    heading = tab.page.get_by_role("heading", name=f"{head['display_name']} cannot be deleted yet")
    expect(heading).to_be_visible()
    expect(tab.page.locator(".blockers li")).to_have_count(1)
    tab.errors.clear()  # the refusal is a 409 page: its console line is the expected one
    tab.check("delete-refused")

    tab.go(f"/persons/{head['id']}")
    tab.page.get_by_role("button", name="GDPR export").click()
    download_link = tab.page.get_by_role("link", name="Download the zip")
    expect(download_link).to_be_visible(timeout=60_000)
    tab.check()
    with tab.page.expect_download() as download:
        download_link.click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a zip
