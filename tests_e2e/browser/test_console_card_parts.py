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
    expect(details).to_contain_text(twin["phone"])
    expect(details).to_contain_text(kept["city"])
    expect(tab.page.get_by_role("region", name="Likely duplicates")).to_contain_text(
        "No likely duplicates."
    )
    tab.check()
    gone = requests.get(f"{site}/api/registry/persons/{twin['id']}", headers=owner_api, timeout=10)
    assert gone.status_code in (404, 410)
