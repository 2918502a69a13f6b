"""A Swedish page reads the APIs' refusals in Swedish: the console asks in its own language, so
a card's bad personnummer is said in Swedish at its field, an import's refused rows (the job
page and the error file it offers) are in Swedish, columns and all, and so are the roles and
the permissions they give."""

from __future__ import annotations

import csv
import io
import re

import pytest
from console_support import OWNER_PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def in_swedish(tab) -> None:
    """The language chosen as a person chooses it: the menu's list, the page comes back."""
    tab.page.locator("#language").select_option("sv")
    expect(tab.page.locator("html")).to_have_attribute("lang", "sv")


def test_the_refused_rows_read_in_swedish_on_the_page_and_in_the_file(visit, tmp_path):
    register = tmp_path / "medlemmar.csv"
    register.write_text(
        "Förnamn;Efternamn;Personnummer;E-post\n"
        "Anna;Berg;19690502-9318;anna.berg@example.se\n"
        "Olle;Ek;;olle at example.se\n",
        encoding="utf-8",
    )
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    tab.upload(register)
    tab.dry_run()
    refused = tab.page.locator("table", has=tab.page.locator("[data-row-in-file]"))
    expect(refused).to_contain_text("is not valid: the check digit is wrong")

    in_swedish(tab)
    expect(refused).to_contain_text(
        'Personnummer "19690502-9318" är inte giltigt: kontrollsiffran stämmer inte'
    )
    expect(refused).to_contain_text('E-post "olle at example.se" är ingen e-postadress')
    tab.check()

    with tab.page.expect_download() as download:
        tab.page.locator('a[href$="/errors.csv"]').first.click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    header, first, second = csv.reader(io.StringIO(text), delimiter=";")
    assert header == ["Förnamn", "Efternamn", "Personnummer", "E-post", "Rad i filen", "Importfel"]
    assert first[4:] == [
        "2",
        'Personnummer "19690502-9318" är inte giltigt: kontrollsiffran stämmer inte',
    ]
    assert second[4] == "3" and second[5].startswith('E-post "olle at example.se" är ingen')

    # An upload imports refuses is said in Swedish at the file's field.
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    tab.go("/imports")
    tab.page.locator("#file").set_input_files(str(empty))
    with tab.page.expect_navigation():
        tab.page.locator("#file").evaluate("input => input.form.submit()")
    expect(tab.page.locator("#file-error")).to_have_text("filen är tom")


def test_the_desk_reads_a_bad_personnummer_in_swedish_at_its_field(visit):
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    in_swedish(tab)
    tab.go("/persons/new")
    tab.page.locator("#f-first_name").fill("Anna")
    tab.page.locator("#f-last_name").fill("Berg")
    tab.page.locator("#f-personnummer").fill("19690502-9318")
    with tab.page.expect_navigation():
        tab.page.locator("#f-personnummer").press("Enter")
    expect(tab.page.locator("#f-personnummer-error")).to_have_text("kontrollsiffran stämmer inte")
    tab.errors.clear()  # the page's 422, expected
    tab.check()
    # The browser lets "anna@example" by; the registry's rule does not, and says so in Swedish.
    tab.page.locator("#f-email").fill("anna@example")
    with tab.page.expect_navigation():
        tab.page.locator("#f-email").press("Enter")
    expect(tab.page.locator("#f-email-error")).to_contain_text("ingen e-postadress: den behöver")


def test_the_roles_page_reads_in_swedish_roles_and_permissions_alike(visit):
    tab = visit()
    tab.log_in("owner", OWNER_PASSWORD)
    in_swedish(tab)
    tab.go("/staff/roles")
    leader = tab.page.get_by_role("region", name=re.compile("^Gruppledare"))
    expect(leader).to_contain_text("Ser och ändrar medlemmarna i de grupper hen leder")
    expect(leader).to_contain_text("registry.persons.read · Se personer och företag i registret")
    tab.check()
