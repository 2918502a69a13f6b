"""Journey: the desk (a receptionist) founds a family on a card, finds a child and adds them
with a right, gives them another right, is told in words why the head cannot leave first,
makes the child head and removes the first head (issue 21 §3). Through the real gateway and
services; every page passes axe and has no console error."""

from __future__ import annotations

import uuid

import pytest
import requests
from console_support import PASSWORD, account, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def _family(site, headers, person_id: str) -> dict | None:
    card = requests.get(f"{site}/api/registry/persons/{person_id}", headers=headers, timeout=10)
    found = card.json().get("family")
    if not found:
        return None
    path = f"{site}/api/registry/families/{found['id']}"
    return requests.get(path, headers=headers, timeout=10).json()


def test_the_desk_founds_a_family_adds_a_child_changes_rights_and_removes_a_member(
    visit, site, owner_api
):
    last = f"Berg{uuid.uuid4().hex[:6]}"
    mia = person(site, owner_api, first_name="Mia", last_name=last)
    kim = person(site, owner_api, first_name="Kim", last_name=last, email=f"{last}@example.se")
    desk = person(site, owner_api, first_name="Disa", last_name=f"Desk{last}")
    tab = visit()
    tab.log_in(account(site, owner_api, desk["id"], "receptionist"), PASSWORD)

    tab.go(f"/persons/{mia['id']}")
    family = tab.page.get_by_role("region", name="Family")
    expect(family).to_contain_text("No family.")
    expect(family.get_by_label("Family name")).to_have_value(f"The {last} family")
    family.get_by_label("Family name").fill(f"Familjen {last}")
    family.get_by_role("button", name=f"Create a family with {mia['display_name']} as head").click()
    expect(tab.page.get_by_role("status")).to_have_text(
        "The family is created, with this person as its head."
    )
    expect(family).to_contain_text(f"Familjen {last}")
    expect(family).to_contain_text("Head of the family: every right")
    tab.check()

    family.get_by_role("link", name="Add a family member").click()
    tab.page.get_by_label("books for the family").check()
    tab.page.get_by_label("Find the other person").fill(f"{last}@example.se")
    tab.follow(tab.page.get_by_role("button", name="Find"))
    tab.check("family-member-new")
    tab.page.get_by_role("button", name=f"Add {kim['display_name']} to the family").click()
    expect(tab.page.get_by_role("status")).to_have_text(
        f"{kim['display_name']} is added to the family."
    )
    kims_row = family.get_by_role("listitem").filter(has_text=kim["display_name"])
    expect(kims_row).to_contain_text("books for the family")

    kims_row.get_by_text(f"Change {kim['display_name']} in the family").click()
    kims_row.get_by_label("sees the family’s cards").check()
    kims_row.get_by_role("button", name=f"Save the rights of {kim['display_name']}").click()
    expect(tab.page.get_by_role("status")).to_have_text(
        f"The rights of {kim['display_name']} are saved."
    )
    expect(kims_row).to_contain_text("sees the family’s cards, books for the family")
    tab.check("card-family")
    assert [m["rights"] for m in _family(site, owner_api, mia["id"])["members"]] == [
        ["view", "book", "pay", "manage"],
        ["view", "book"],
    ]

    # The head cannot leave while others remain: the registry's 409, said as what to do.
    mias_row = family.get_by_role("listitem").filter(has_text="Head of the family")
    mias_row.get_by_text(f"Change {mia['display_name']} in the family").click()
    tab.page.once("dialog", lambda dialog: dialog.accept())
    mias_row.get_by_role("button", name=f"Remove {mia['display_name']} from the family").click()
    expect(tab.page.get_by_role("alert")).to_contain_text(
        f"{mia['display_name']} is the head of the family: make another member head first"
    )

    # What the message says to do: Kim becomes the head, and then Mia may leave.
    kims_row.get_by_text(f"Change {kim['display_name']} in the family").click()
    kims_row.get_by_role("button", name=f"Make {kim['display_name']} head of the family").click()
    expect(tab.page.get_by_role("status")).to_have_text(
        f"{kim['display_name']} is now the head of the family."
    )
    expect(kims_row).to_contain_text("Head of the family: every right")
    mias_row = family.get_by_role("listitem").filter(has_text=mia["display_name"])
    mias_row.get_by_text(f"Change {mia['display_name']} in the family").click()
    tab.page.once("dialog", lambda dialog: dialog.accept())
    mias_row.get_by_role("button", name=f"Remove {mia['display_name']} from the family").click()
    expect(tab.page.get_by_role("status")).to_have_text(
        f"{mia['display_name']} is removed from the family."
    )
    expect(family).to_contain_text("No family.")
    tab.check()
    left = _family(site, owner_api, kim["id"])["members"]
    assert [(m["person_id"], m["is_head"]) for m in left] == [(kim["id"], True)]
