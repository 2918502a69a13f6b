"""A Swedish reader of an import's refused rows: the console asks imports in its own language,
so the job page's error rows and the error file it offers are in Swedish, columns and all."""

from __future__ import annotations

import csv
import io

import pytest
from console_support import OWNER_PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


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

    tab.page.locator("#language").select_option("sv")
    expect(tab.page.locator("html")).to_have_attribute("lang", "sv")
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
