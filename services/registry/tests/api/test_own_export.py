"""A member downloads everything held about them (issue 23 §7): /me/exports, no staff permission."""

from __future__ import annotations

import io
import json
import zipfile

from registry_testing import answer_export_from_all


def _answer_all(db, export):
    answer_export_from_all(db, export, {"rows": []})


def test_a_member_starts_follows_and_downloads_their_own_export(api, db):
    me, other = api.person(first_name="Me"), api.person(first_name="Other")
    member = api.as_(role="member", user_id="u-me", scopes={"person_id": me["id"]})
    stranger = api.as_(role="member", user_id="u-other", scopes={"person_id": other["id"]})
    assert member.post(f"/persons/{me['id']}/exports").status_code == 403  # the staff route
    started = member.post("/me/exports")
    assert started.status_code == 202, started.json
    export = started.json
    assert export["person_id"] == me["id"] and export["status"] == "pending"
    assert member.post("/me/exports").json["id"] == export["id"]  # the pending one again
    assert member.get(f"/me/exports/{export['id']}").status_code == 200
    assert stranger.get(f"/me/exports/{export['id']}").status_code == 404
    assert member.get(f"/me/exports/{export['id']}/download").status_code == 409
    _answer_all(db, export)
    download = member.get(f"/me/exports/{export['id']}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    assert json.loads(archive.read("registry.json"))["person"]["first_name"] == "Me"
    assert stranger.get(f"/me/exports/{export['id']}/download").status_code == 404
    assert member.post("/me/exports").json["id"] != export["id"]  # done: a new one


def test_an_account_without_a_person_is_told_so(api):
    lone = api.as_(role="member", user_id="u-lone")
    refused = lone.post("/me/exports")
    assert refused.status_code == 404 and "not linked" in refused.json["message"]
