"""The import wizard's unknown status values (issue 23 §11) in a real browser: the dry run
lists the values the installation lacks, staff take one as an existing status and create the
other, a new dry run shows nothing undecided, and the run gives each person their status."""

from __future__ import annotations

import datetime
import uuid

import pytest
import requests
from console_support import OWNER_PASSWORD
from import_runs import personnummer
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def _status_names(site: str, headers: dict, pnr: str) -> set[str]:
    found = requests.get(
        f"{site}/api/registry/persons", params={"q": pnr}, headers=headers, timeout=10
    ).json()
    assert len(found) == 1, found
    card = requests.get(
        f"{site}/api/registry/persons/{found[0]['id']}", headers=headers, timeout=10
    )
    return {status["name"] for status in card.json()["statuses"]}


def test_staff_decide_unknown_status_values_and_the_run_applies_them(
    visit, site, owner_api, tmp_path
):
    tag = uuid.uuid4().hex[:6]
    existing, gold, newcomer = f"VIP {tag}", f"Guldkund {tag}", f"Nykomling {tag}"
    made = requests.post(
        f"{site}/api/registry/statuses", json={"name": existing}, headers=owner_api, timeout=10
    )
    assert made.status_code == 201, made.text
    first = personnummer(datetime.date(1981, 3, 4), 100 + int(tag[:2], 16))
    second = personnummer(datetime.date(1982, 5, 6), 400 + int(tag[2:4], 16))
    register = tmp_path / "statuses.csv"
    register.write_text(
        "Förnamn;Efternamn;Personnummer;Kundstatus\n"
        f"Greta;Guld;{first};{gold}\n"
        f"Nils;Ny;{second};{newcomer}\n",
        encoding="utf-8",
    )

    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.upload(register)
    tab.dry_run()
    heading = tab.page.get_by_role("heading", name="Status values this installation does not have")
    expect(heading).to_be_visible()
    tab.check("import-unknown-statuses")

    gold_choice = tab.page.get_by_role("group", name=f'"{gold}" (1 rows)')
    gold_choice.get_by_label("It is an existing status:").check()
    tab.page.get_by_label(f'Existing status for "{gold}"').select_option(existing)
    newcomer_choice = tab.page.get_by_role("group", name=f'"{newcomer}" (1 rows)')
    expect(newcomer_choice.get_by_label("Create it as a new status")).to_be_checked()
    tab.page.get_by_role("button", name="Save and make a new dry run").click()
    expect(tab.page.locator("#job-state")).to_have_text(
        "Dry run done: nothing is written yet", timeout=60_000
    )
    expect(heading).to_have_count(0)

    tab.page.get_by_role("button", name="Run the import").click()
    expect(tab.page.locator("#job-state")).to_have_text("Import completed", timeout=90_000)
    tab.check()
    assert _status_names(site, owner_api, first) == {existing}
    assert _status_names(site, owner_api, second) == {newcomer}


def test_a_run_with_an_undecided_value_asks_first_and_names_the_files_column(
    visit, site, owner_api, tmp_path
):
    tag = uuid.uuid4().hex[:6]
    undecided = f"Silver {tag}"
    register = tmp_path / "undecided.csv"
    pnr = personnummer(datetime.date(1983, 7, 8), 700 + int(tag[:2], 16))
    register.write_text(
        f"Förnamn;Efternamn;Personnummer;Kundstatus;Medlemskap\nSara;Silver;{pnr};{undecided};Guld\n",
        encoding="utf-8",
    )
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.upload(register)
    tab.dry_run()
    expect(tab.page.locator("#undecided-statuses")).to_contain_text("1 row has a status value")
    # A column no field takes is named before the run, not dropped without a word.
    expect(tab.page.locator("#columns-left-out")).to_have_text(
        "The column Medlemskap is not imported."
    )

    asked = []
    tab.page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    tab.page.get_by_role("button", name="Run the import").click()
    expect(tab.page.locator("#job-state")).to_have_text("Import completed", timeout=90_000)
    assert asked == [
        "1 row will be refused: its status value is not decided. Run the import anyway?"
    ]
    expect(tab.page.get_by_role("table").last).to_contain_text(
        f'Kundstatus: "{undecided}" is not a status here yet'
    )
    tab.check()
