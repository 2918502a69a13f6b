"""A member downloads everything Foyer holds about them from the console (issue 21 §7, issue
23 §7), with no staff permission: the registry gathers every service's part into one zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from console_support import PASSWORD, account, person
from playwright.sync_api import expect

pytestmark = pytest.mark.xdist_group("console")


def test_a_member_downloads_their_own_data(visit, site, owner_api):
    me = person(site, owner_api, first_name="Mira", last_name="Medlem")
    username = account(site, owner_api, me["id"], "member")
    tab = visit()
    tab.log_in(username, PASSWORD)
    tab.follow(tab.page.get_by_role("link", name="My data"))
    tab.check("my-data")
    tab.page.get_by_role("button", name="Prepare my data").click()
    download_link = tab.page.get_by_role("link", name="Download the zip")
    expect(download_link).to_be_visible(timeout=60_000)  # the page follows the export by itself
    tab.check()
    with tab.page.expect_download() as download:
        download_link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = archive.namelist()
    assert "summary.txt" in names
    registry = next(name for name in names if name.startswith("registry"))
    held = json.loads(archive.read(registry))
    assert me["id"] in json.dumps(held) and "Mira" in json.dumps(held, ensure_ascii=False)
