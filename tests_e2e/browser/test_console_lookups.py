"""Journey: the desk looks a member up in SPAR from the card, sees the register beside the card
and takes only the address (issue 23 §1); the page passes axe and has no console error."""

from __future__ import annotations

import random

import pytest
import requests
from console_support import OWNER_PASSWORD, person
from playwright.sync_api import expect

from foyer_shared.identifiers import check_digit
from foyer_testing.fake_register import spar_person

pytestmark = pytest.mark.xdist_group("console")


def a_personnummer() -> str:
    birth = f"1985{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    serial = f"{random.randint(0, 999):03d}"
    return f"{birth}-{serial}{check_digit(birth[2:] + serial)}"


def test_the_desk_takes_only_the_address_from_spar(visit, site, owner_api, fake_register):
    pnr = a_personnummer()
    member = person(
        site,
        owner_api,
        first_name="Åsa",
        personnummer=pnr,
        address="Gamla vägen 2",
        postal_code="222 22",
        city="Lund",
    )
    fake_register.spar[pnr.replace("-", "")] = spar_person(
        pnr, first_name="Åsa-Maria", last_name=member["last_name"], city="STOCKHOLM"
    )
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.go(f"/persons/{member['id']}")
    tab.page.get_by_role("link", name="Look up in register").click()
    expect(tab.page.get_by_label("Personnummer")).to_have_value(pnr.replace("-", ""))
    tab.page.get_by_role("button", name="Look up", exact=True).click()
    table = tab.page.get_by_role("table")
    expect(table).to_contain_text("Storgatan 1")
    expect(tab.page.get_by_role("checkbox", name="Take Address")).to_be_checked()
    expect(tab.page.get_by_role("checkbox", name="Take First name")).to_be_checked()
    tab.check("lookup")
    tab.page.get_by_role("button", name="Take only the address").click()
    expect(tab.page.get_by_role("status")).to_have_text(
        "The fields from the register are on the card."
    )
    tab.check()
    stored = requests.get(
        f"{site}/api/registry/persons/{member['id']}", headers=owner_api, timeout=10
    ).json()
    assert (stored["first_name"], stored["address"], stored["postal_code"], stored["city"]) == (
        "Åsa",
        "Storgatan 1",
        "111 22",
        "Stockholm",
    )
    record = requests.get(
        f"{site}/api/registry/persons/{member['id']}/lookups", headers=owner_api, timeout=10
    ).json()
    assert [r["taken"] for r in record] == [["address", "postal_code", "city"], []]
