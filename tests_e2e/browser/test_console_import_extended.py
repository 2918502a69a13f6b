"""An old register's own columns into the owner's extended fields, in a real browser: the
mapping offers the field by its label (and picks it for a column of that name), a value the
field does not take is refused naming the file's column, and the card shows the rest."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
import requests
from console_support import OWNER_PASSWORD
from import_runs import personnummer
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def test_a_column_fills_an_extended_field_and_the_card_shows_it(visit, site, owner_api, tmp_path):
    tag = uuid.uuid4().hex[:6]
    label = f"Medlemskap {tag}"
    made = requests.post(
        f"{site}/api/registry/fields",
        json={
            "key": f"membership_{tag}",
            "label": label,
            "type": "list",
            "options": ["Brons", "Silver", "Guld"],
        },
        headers=owner_api,
        timeout=10,
    )
    assert made.status_code == 201, made.text
    kept = personnummer(datetime.date(1984, 2, 3), 100 + int(tag[:2], 16))
    refused = personnummer(datetime.date(1985, 4, 5), 500 + int(tag[2:4], 16))
    register = tmp_path / "medlemmar.csv"
    register.write_text(
        f"Förnamn;Efternamn;Personnummer;{label}\n"
        f"Karin;Guldberg;{kept};guld\n"
        f"Per;Platinasson;{refused};Platina\n",
        encoding="utf-8",
    )

    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.upload(register)
    column = tab.page.get_by_label(label, exact=True)
    expect(column).to_have_value(f"extra_fields.membership_{tag}")  # chosen by its label
    expect(column.locator("option:checked")).to_have_text(label)
    tab.check()
    tab.dry_run()
    errors = tab.page.get_by_role("region", name="Rows with errors")
    expect(errors).to_contain_text(f'{label}: "Platina" is not one of Brons, Silver, Guld')

    tab.page.get_by_role("button", name="Run the import").click()
    expect(tab.page.locator("#job-state")).to_have_text("Import completed", timeout=90_000)
    tab.page.get_by_role("link", name="Search").click()
    tab.page.get_by_label("Name, e-mail, phone, personnummer or customer number").fill(kept)
    tab.page.keyboard.press("Enter")
    tab.page.get_by_role("link", name=re.compile("Karin Guldberg")).click()
    more = tab.page.get_by_role("region", name="More details")
    expect(more).to_contain_text(label)
    expect(more).to_contain_text("Guld")
    tab.check()
