"""Consents through the API (issue 23 §3): recorded, listed, filtered, in the GDPR export."""

from __future__ import annotations

import json

from registry_testing import answer_export_from_all, downloaded_export

PHOTOS = {"purpose": "photos", "text_version": "2026-01", "given": True, "channel": "console"}


def test_recorded_listed_and_the_search_finds_who_has_not_consented(api):
    yes, withdrawn, never = (api.person(first_name=n) for n in ("Yes", "Withdrawn", "Never"))
    for person in (yes, withdrawn):
        made = api.post(f"/persons/{person['id']}/consents", PHOTOS)
        assert made.status_code == 201, made.json
    assert (
        api.post(f"/persons/{withdrawn['id']}/consents", {**PHOTOS, "given": False}).json["given"]
        is False
    )
    listed = api.get(f"/persons/{withdrawn['id']}/consents").json
    assert [c["given"] for c in listed["history"]] == [True, False]
    assert (listed["current"][0]["given"], listed["current"][0]["channel"]) == (False, "console")
    consented = api.get("/persons?consented_to=photos").json
    assert [p["first_name"] for p in consented] == ["Yes"]
    not_consented = api.get("/persons?not_consented_to=photos").json
    assert sorted(p["first_name"] for p in not_consented) == ["Never", "Withdrawn"]
    assert '"total": 2' in api.get("/persons?not_consented_to=photos").headers["X-Pagination"]


def test_a_bad_consent_is_a_422_naming_the_field(api):
    person = api.person()
    refused = api.post(f"/persons/{person['id']}/consents", {**PHOTOS, "purpose": "Photos!"})
    assert refused.status_code == 422
    assert list(refused.json["errors"]["json"]) == ["purpose"]
    missing = api.post(f"/persons/{person['id']}/consents", {"purpose": "photos"})
    assert missing.status_code == 422
    assert set(missing.json["errors"]["json"]) == {"text_version", "given"}


def test_the_gdpr_export_holds_the_consent_history(api, db):
    person = api.person()
    api.post(f"/persons/{person['id']}/consents", PHOTOS)
    export = api.post(f"/persons/{person['id']}/exports").json
    answer_export_from_all(db, export)
    archive = downloaded_export(api, export)
    consents = json.loads(archive.read("registry.json"))["consents"]
    assert [(c["purpose"], c["given"], c["channel"]) for c in consents] == [
        ("photos", True, "console")
    ]
