"""The owner's CRM set-up and a mail-out in a real browser: the owner finds the CRM settings
in the menu, adds a tag and a to-do type (and archives the type: it stays listed, marked),
then sends a mail-out to the members carrying the tag, previews who gets it, and follows its
progress until the mail server has answered for each. Every page passed has no console error
and no WCAG 2.1 AA violation that axe-core finds."""

from __future__ import annotations

import uuid

import pytest
import requests
from console_support import OWNER_PASSWORD, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def _card(site, headers, person_id) -> dict | None:
    """The person's CRM card, which the CRM makes from the registry's event."""
    found = requests.get(
        f"{site}/api/crm/contacts", params={"person_id": person_id}, headers=headers, timeout=10
    ).json()
    return found[0] if found else None


def _tag_id(site, headers, name) -> str:
    tags = requests.get(f"{site}/api/crm/tags", headers=headers, timeout=10).json()
    return next(tag["id"] for tag in tags if tag["name"] == name)


def _tagged(site, headers, tag_id, eventually, **fields) -> dict:
    """A registry person whose CRM card carries the tag."""
    member = person(site, headers, **fields)
    card = eventually(lambda: _card(site, headers, member["id"]))
    tagged = requests.patch(
        f"{site}/api/crm/contacts/{card['id']}",
        json={"tag_ids": [tag_id]},
        headers=headers,
        timeout=10,
    )
    assert tagged.status_code == 200, tagged.text
    return member


def test_the_owner_sets_up_labels_and_follows_a_mailout(visit, site, owner_api, eventually):
    suffix = uuid.uuid4().hex[:6]
    tag_name, type_name = f"Spring {suffix}", f"Visit customer {suffix}"

    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.page.get_by_role("link", name="CRM settings").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("CRM settings")
    expect(tab.page.get_by_label("Time zone")).to_have_value("Europe/Stockholm")
    tab.check("crm-settings")

    tab.page.get_by_role("link", name="Tags").click()
    tab.page.get_by_label("Name", exact=True).fill(tag_name)
    tab.page.get_by_label("For", exact=True).select_option(label="Persons")
    tab.page.get_by_role("button", name="Add", exact=True).click()
    expect(tab.page.get_by_role("status")).to_have_text(f"“{tag_name}” is added.")
    expect(tab.page.locator("#labels")).to_contain_text(tag_name)
    tab.check("crm-tags")

    tab.page.get_by_role("link", name="To-do types").click()
    tab.page.get_by_label("Name", exact=True).fill(type_name)
    tab.page.keyboard.press("Enter")  # the form is sent from the keyboard too
    expect(tab.page.get_by_role("status")).to_have_text(f"“{type_name}” is added.")
    row = tab.page.locator("#labels tr", has_text=type_name)
    row.get_by_role("button", name="Archive").click()
    row = tab.page.locator("#labels tr", has_text=type_name)
    expect(row).to_have_class("archived")
    expect(row).to_contain_text("Archived")
    expect(row.get_by_role("button", name="Take back in use")).to_be_visible()
    tab.check("crm-task-types")

    tag_id = _tag_id(site, owner_api, tag_name)
    reached = _tagged(site, owner_api, tag_id, eventually, email=f"vera.{suffix}@example.se")
    _tagged(site, owner_api, tag_id, eventually)  # no e-mail: suppressed

    tab.follow(tab.page.get_by_role("link", name="Mail-outs"))
    tab.check("mailouts")
    tab.page.get_by_role("link", name="New mail-out").click()
    tab.page.get_by_label(f"{tag_name} (persons)").check()
    tab.page.get_by_role("button", name="Preview the recipients").click()
    expect(tab.page.locator("#preview")).to_contain_text("1 will get the e-mail.")
    expect(tab.page.locator("#preview")).to_contain_text("no e-mail address")
    expect(tab.page.get_by_label(f"{tag_name} (persons)")).to_be_checked()
    tab.page.get_by_label("Subject", exact=True).fill(f"Spring offer {suffix}")
    tab.page.get_by_label("Text", exact=True).fill("Hi {first_name}, spring is here.")
    tab.check("mailout-new")
    tab.page.get_by_role("button", name="Send the mail-out").click()

    expect(tab.page.get_by_role("heading", level=1)).to_have_text(
        f"Mail-out: Spring offer {suffix}"
    )
    counts = tab.page.locator("#mailout-counts")
    expect(counts.locator("[data-live-count=total]")).to_have_text("2")
    expect(counts.locator("[data-live-count=suppressed]")).to_have_text("1")
    # The worker hands the one recipient to notify, notify's mail server (the sink) accepts it,
    # and the page, polling, shows it and reloads once nothing is awaited any more.
    expect(tab.page.locator("#mailout-state")).to_have_text("Done", timeout=30_000)
    expect(counts.locator("[data-live-count=sent]")).to_have_text("1")
    recipients = tab.page.locator("#recipients")
    expect(recipients.locator("tr", has_text=reached["last_name"])).to_contain_text("Sent")
    expect(recipients).to_contain_text("no e-mail address")
    tab.check("mailout")

    tab.page.get_by_role("link", name="All mail-outs").click()
    expect(tab.page.locator("#mailouts tr", has_text=f"Spring offer {suffix}")).to_contain_text(
        "Done"
    )
    tab.check()
