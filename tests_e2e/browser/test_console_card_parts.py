"""Journey: the desk opens a card, sees the message sent to the member in its communication
log, finds the member's duplicate, merges it choosing one field from each card, and lands on
the kept card with a notice (issue 21 §3). Every page passes axe and has no console error."""

from __future__ import annotations

import uuid

import pytest
import requests
from console_support import OWNER_PASSWORD, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def _send(site, headers, person_id: str, subject: str):
    """A staff message to the person; notify knows them from the registry's event (422 until
    then)."""
    sent = requests.post(
        f"{site}/api/notify/messages",
        json={"person_ids": [person_id], "subject": subject, "body": "Hej!"},
        headers=headers,
        timeout=10,
    )
    return sent.json() if sent.status_code == 202 else None


def _state(site, headers, person_id: str) -> str | None:
    log = requests.get(
        f"{site}/api/notify/persons/{person_id}/messages", headers=headers, timeout=10
    ).json()
    return log[0]["state"] if log and log[0]["state"] not in ("queued", "sending") else None


def test_the_desk_reads_the_log_and_merges_a_duplicate(visit, site, owner_api, eventually):
    last, subject = f"Lindqvist{uuid.uuid4().hex[:6]}", f"Välkommen {uuid.uuid4().hex[:4]}"
    email = f"{last.lower()}@example.se"
    kept = person(
        site,
        owner_api,
        first_name="Åsa",
        last_name=last,
        email=email,
        phone="08-111 11",
        city="Lund",
    )
    twin = person(
        site,
        owner_api,
        first_name="Åsa",
        last_name=last,
        email=email,
        phone="070-222 22 22",
        city="Malmö",
    )
    eventually(lambda: _send(site, owner_api, kept["id"], subject), timeout=30)
    assert eventually(lambda: _state(site, owner_api, kept["id"]), timeout=30) == "sent"

    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{kept['id']}")
    log = tab.page.get_by_role("region", name="Communication log")
    expect(log).to_contain_text(subject)
    expect(log.get_by_role("row").nth(1)).to_contain_text("sent")
    duplicates = tab.page.get_by_role("region", name="Likely duplicates")
    expect(duplicates).to_contain_text(twin["display_name"])
    tab.check("card-log-duplicates")

    duplicates.get_by_role("link", name=f"Merge {twin['display_name']} into this card").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text("Merge duplicates")
    phone = tab.page.get_by_role("group", name="Phone")
    city = tab.page.get_by_role("group", name="City")
    expect(city.get_by_role("radio").first).to_be_checked()  # the kept card's by default
    # By keyboard: the other card's phone (an arrow key moves the choice), the kept card's city.
    phone.get_by_label("this card").focus()
    tab.page.keyboard.press("ArrowDown")
    expect(phone.get_by_label("the other card")).to_be_checked()
    tab.check("merge")
    tab.page.get_by_role("button", name="Merge the cards").press("Enter")

    expect(tab.page.get_by_role("status")).to_have_text(
        "The cards are merged. This is the card that was kept."
    )
    assert tab.page.url.endswith(f"/persons/{kept['id']}")
    details = tab.page.get_by_role("region", name="Details")
    assert twin["phone"] == "+46702222222"
    expect(details).to_contain_text("+46 70 222 22 22")  # the twin's number, grouped to read
    expect(details).to_contain_text(kept["city"])
    expect(tab.page.get_by_role("region", name="Likely duplicates")).to_contain_text(
        "No likely duplicates."
    )
    tab.check()
    gone = requests.get(f"{site}/api/registry/persons/{twin['id']}", headers=owner_api, timeout=10)
    assert gone.status_code in (404, 410)


def _minimal_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_the_owner_records_a_consent_a_journal_entry_and_a_document(visit, site, owner_api):
    last = f"Berg{uuid.uuid4().hex[:6]}"
    member = person(site, owner_api, first_name="Maja", last_name=last, email=f"{last}@example.se")
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{member['id']}")

    consents = tab.page.get_by_role("region", name="Consents")
    expect(consents).to_contain_text("No consents recorded.")
    consents.get_by_label("Purpose").fill("photos")
    consents.get_by_label("Text version").fill("2026-01")
    consents.get_by_role("button", name="Record the answer").click()
    expect(tab.page.get_by_role("status")).to_have_text("The consent answer is recorded.")
    row = tab.page.get_by_role("region", name="Consents").get_by_role("row").nth(1)
    expect(row).to_contain_text("photos")
    expect(row).to_contain_text("given")
    expect(row).to_contain_text("console")

    journal = tab.page.get_by_role("region", name="Journal")
    journal.get_by_label("New entry").fill("Knäskada; tränaren vet.")
    journal.get_by_role("button", name="Save the entry").click()
    expect(tab.page.get_by_role("status")).to_have_text("The journal entry is saved.")
    journal = tab.page.get_by_role("region", name="Journal")
    expect(journal).to_contain_text("Knäskada; tränaren vet.")
    expect(journal).to_contain_text("owner")  # the author by name

    documents = tab.page.get_by_role("region", name="Documents")
    documents.get_by_label("Add a document").set_input_files(
        {"name": "läkarintyg.pdf", "mimeType": "application/pdf", "buffer": _minimal_pdf()}
    )
    documents.get_by_role("button", name="Upload").click()
    expect(tab.page.get_by_role("status")).to_have_text("läkarintyg.pdf is saved on the card.")
    documents = tab.page.get_by_role("region", name="Documents")
    expect(documents.get_by_role("link", name="läkarintyg.pdf")).to_be_visible()
    tab.check("card-consents-journal-documents")

    listed = requests.get(
        f"{site}/api/registry/persons/{member['id']}/consents", headers=owner_api, timeout=10
    ).json()
    assert [(c["purpose"], c["given"], c["channel"]) for c in listed["current"]] == [
        ("photos", True, "console")
    ]
    tab.page.once("dialog", lambda dialog: dialog.accept())
    documents.get_by_role("button", name="Remove läkarintyg.pdf").click()
    expect(tab.page.get_by_role("status")).to_have_text("The document is removed.")
    expect(tab.page.get_by_role("region", name="Documents")).to_contain_text("No documents.")
    tab.check()


def _require_for_staff(site, headers, fields: list[str]) -> None:
    put = requests.put(
        f"{site}/api/registry/required-fields/staff_create",
        json={"fields": fields},
        headers=headers,
        timeout=10,
    )
    assert put.status_code == 200, put.text


def test_the_desk_registers_a_person_with_the_fields_the_owner_requires(visit, site, owner_api):
    last = f"Holm{uuid.uuid4().hex[:6]}"
    _require_for_staff(site, owner_api, ["phone"])
    try:
        tab = visit()
        tab.log_in("owner", OWNER_PASSWORD)
        tab.page.get_by_role("link", name="Register a person").click()
        expect(tab.page.get_by_role("heading", level=1)).to_have_text("Register a person")
        tab.check("register-person")
        tab.page.get_by_label("First name").fill("Elsa")
        tab.page.get_by_label("Last name").fill(last)
        phone = tab.page.get_by_label("Phone (required)")
        expect(phone).to_have_attribute("required", "")
        # The browser would stop an empty required field; the registry's refusal is what
        # counts, so the form is sent without the browser's check.
        tab.page.locator("form.columns").evaluate("form => form.noValidate = true")
        tab.page.get_by_role("button", name="Register", exact=True).click()
        expect(tab.page.locator("#f-phone-error")).to_have_text("required for staff_create")
        tab.errors.clear()  # the 422 answer of the refused form is expected
        tab.page.get_by_label("Phone (required)").fill("070-123 45 67")
        tab.page.get_by_role("button", name="Register", exact=True).click()
        expect(tab.page.get_by_role("status")).to_have_text(f"Elsa {last} is registered.")
        expect(tab.page.get_by_role("heading", level=1)).to_have_text(f"Elsa {last}")
        details = tab.page.get_by_role("region", name="Details")
        # Stored in the registry's one form (+46701234567), shown grouped to read.
        expect(details).to_contain_text("+46 70 123 45 67")
        tab.check()
    finally:
        _require_for_staff(site, owner_api, [])


def test_two_persons_sharing_an_address_are_marked_not_duplicates(visit, site, owner_api):
    email = f"hemma{uuid.uuid4().hex[:6]}@example.se"
    mia = person(site, owner_api, first_name="Mia", last_name="Ek", email=email)
    kim = person(site, owner_api, first_name="Kim", last_name="Ek", email=email)
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.page.get_by_role("link", name="Duplicates").click()
    expect(tab.page.get_by_role("heading", level=1)).to_have_text(
        "Likely duplicates in the register"
    )
    tab.check("duplicates")
    tab.go(f"/persons/{mia['id']}")
    duplicates = tab.page.get_by_role("region", name="Likely duplicates")
    expect(duplicates).to_contain_text(kim["display_name"])
    duplicates.get_by_role(
        "button", name=f"{kim['display_name']} is not a duplicate of this card"
    ).click()
    expect(tab.page.get_by_role("status")).to_have_text(
        "They are marked as not duplicates and no longer suggested."
    )
    assert tab.page.url.split("#")[0].endswith(f"/persons/{mia['id']}")
    expect(tab.page.get_by_role("region", name="Likely duplicates")).to_contain_text(
        "No likely duplicates."
    )
    tab.check()
    listed = requests.get(
        f"{site}/api/registry/persons/{kim['id']}/duplicates", headers=owner_api, timeout=10
    ).json()
    assert listed == []


def test_the_desk_fills_an_extended_field_on_the_card(visit, site, owner_api):
    key = f"shirt_{uuid.uuid4().hex[:6]}"
    label = f"T-shirt size {key[-6:]}"
    defined = requests.post(
        f"{site}/api/registry/fields",
        json={"key": key, "label": label, "type": "list", "options": ["S", "M", "L"]},
        headers=owner_api,
        timeout=10,
    )
    assert defined.status_code == 201, defined.text
    member = person(site, owner_api, first_name="Nils", last_name=f"Ås{key[-6:]}")
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{member['id']}/edit")
    tab.page.get_by_label(label).select_option("M")
    tab.check("card-edit-extended")
    tab.page.get_by_role("button", name="Save").click()
    expect(tab.page.get_by_role("status")).to_have_text("The card is saved.")
    more = tab.page.get_by_role("region", name="More details")
    expect(more).to_contain_text(label)
    expect(more.locator("dd")).to_contain_text(["M"])
    tab.check()
    stored = requests.get(
        f"{site}/api/registry/persons/{member['id']}", headers=owner_api, timeout=10
    ).json()
    assert stored["extra_fields"][key] == "M"


def test_the_desk_relates_a_parent_to_a_child_and_removes_it(visit, site, owner_api):
    last = f"Lund{uuid.uuid4().hex[:6]}"
    mia = person(site, owner_api, first_name="Mia", last_name=last)
    kim = person(site, owner_api, first_name="Kim", last_name=last, email=f"{last}@example.se")
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{mia['id']}")
    tab.page.get_by_role("link", name="Add a relation").click()
    tab.page.get_by_label(f"{mia['display_name']} is").select_option("parent")
    tab.page.get_by_label("Find the other person").fill(f"{last}@example.se")
    tab.follow(tab.page.get_by_role("button", name="Find"))
    tab.check("relation-new")
    tab.page.get_by_role("button", name=f"Relate to {kim['display_name']}").click()
    expect(tab.page.get_by_role("status")).to_have_text("The relation is added.")
    relations = tab.page.get_by_role("region", name="Relations")
    expect(relations).to_contain_text(f"parent of {kim['display_name']}")
    tab.check()
    relations.get_by_role("link", name=kim["display_name"]).click()
    expect(tab.page.get_by_role("region", name="Relations")).to_contain_text(
        f"child of {mia['display_name']}"
    )
    tab.go(f"/persons/{mia['id']}")
    tab.page.get_by_role(
        "button", name=f"Remove the relation: parent of {kim['display_name']}"
    ).click()
    expect(tab.page.get_by_role("status")).to_have_text("The relation is removed.")
    expect(tab.page.get_by_role("region", name="Relations")).to_contain_text("No relations.")
