"""The import wizard's mapping step: suggestions pre-chosen, a saved mapping applied whole, and
the API's complaint about a column shown at that column."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer, csrf_of  # noqa: E402

JOB = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"
PREVIEW = {
    "job": {"id": JOB, "kind": "customers", "filename": "k.csv", "sheets": [], "mapping": None},
    "header": ["Förnamn", "E-post"],
    "rows": [["Anna", "anna@example.se"]],
    "suggested_mapping": {"Förnamn": "first_name", "E-post": "email"},
    "saved_mappings": [{"id": "m-1", "name": "Gamla kassan"}],
}


@pytest.fixture
def wizard(signed_in, gateway):
    gateway.permissions = ["imports.jobs.read", "imports.jobs.write", "imports.jobs.run"]
    gateway.on("GET", f"/api/imports/jobs/{JOB}/preview", 200, PREVIEW)
    gateway.on("PUT", f"/api/imports/jobs/{JOB}/mapping", 200, PREVIEW["job"])
    gateway.on("POST", f"/api/imports/jobs/{JOB}/dry-run", 202, PREVIEW["job"])
    return signed_in


def _sent(gateway, method, path):
    return [kwargs.get("json") for m, p, _t, kwargs in gateway.calls if (m, p) == (method, path)]


def test_the_suggestions_are_chosen_and_a_saved_mapping_is_offered(wizard):
    page = wizard.get(f"/imports/{JOB}/mapping")
    assert page.status_code == 200
    assert '<option value="first_name" selected>' in page.text
    assert "Gamla kassan" in page.text


def test_the_fields_are_offered_by_their_names_in_words(wizard, gateway):
    page = wizard.get(f"/imports/{JOB}/mapping")
    assert '<option value="first_name" selected>First name</option>' in page.text
    assert '<option value="external_number">Customer number</option>' in page.text
    assert '<option value="name">Full name (when first and last are empty)</option>' in page.text
    groups = {**PREVIEW, "job": {**PREVIEW["job"], "kind": "groups"}}
    gateway.on("GET", f"/api/imports/jobs/{JOB}/preview", 200, groups)
    page = wizard.get(f"/imports/{JOB}/mapping")
    assert '<option value="name">Group name</option>' in page.text
    assert '<option value="external_number">Group number</option>' in page.text


def test_the_rows_with_errors_show_their_row_in_the_file(wizard, gateway):
    done = {**DRY_RUN_DONE, "counts": {"dry_run": {"rows": 12, "errors": 1}}}
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, done)
    header = "Förnamn;Efternamn;E-post;Row in file;Import error\r\n"
    error_file = header + "Erik;Berg;erik at x;8;bad\r\n"
    gateway.routes[("GET", f"/api/imports/jobs/{JOB}/errors.csv")] = lambda **_kw: _csv(error_file)
    page = wizard.get(f"/imports/{JOB}")
    assert page.status_code == 200
    assert "<td data-row-in-file>8</td><td>Erik · Berg · erik at x</td><td>bad</td>" in page.text


def _csv(text: str):
    response = answer(200, headers={"Content-Type": "text/csv; charset=utf-8"})
    response._content = ("\ufeff" + text).encode()
    response.raw = io.BytesIO(response._content)
    return response


def test_a_saved_mapping_is_applied_whole_and_the_dry_run_starts(wizard, gateway):
    page = wizard.get(f"/imports/{JOB}/mapping")
    answer = wizard.post(
        f"/imports/{JOB}/mapping", data={"csrf_token": csrf_of(page.text), "mapping_id": "m-1"}
    )
    assert answer.status_code == 302 and answer.headers["Location"] == f"/imports/{JOB}"
    assert _sent(gateway, "PUT", f"/api/imports/jobs/{JOB}/mapping") == [{"mapping_id": "m-1"}]
    assert len(_sent(gateway, "POST", f"/api/imports/jobs/{JOB}/dry-run")) == 1


def test_a_bad_column_is_named_at_its_field(wizard, gateway):
    gateway.on(
        "PUT",
        f"/api/imports/jobs/{JOB}/mapping",
        422,
        {"code": 422, "message": "bad", "errors": {"json": {"columns.E-post": ["twice"]}}},
    )
    page = wizard.get(f"/imports/{JOB}/mapping")
    answer = wizard.post(
        f"/imports/{JOB}/mapping",
        data={"csrf_token": csrf_of(page.text), "column-0": "email", "column-1": "email"},
    )
    assert answer.status_code == 422
    assert 'id="column-1-error">twice<' in answer.text


def test_the_wizard_offers_imports_own_fields_and_asks_for_them_once(wizard, gateway):
    from imports.domain import fields

    page = wizard.get(f"/imports/{JOB}/mapping")
    for name in fields.KINDS["customers"]:
        assert f'<option value="{name}"' in page.text
    for name in fields.YES_NO_OPTIONS:
        assert f'name="{name}"' in page.text
    wizard.get(f"/imports/{JOB}/mapping")
    asked = [call for call in gateway.calls if call[:2] == ("GET", "/api/imports/fields")]
    assert len(asked) == 1 and asked[0][2]  # kept after the first, asked with the user's token


DRY_RUN_DONE = {
    "id": JOB,
    "kind": "customers",
    "filename": "k.csv",
    "state": "dry_run_done",
    "phase": "dry_run",
    "counts": {"dry_run": {"rows": 12, "errors": 0}},
    "mapping": {
        "columns": {"Förnamn": "first_name", "Kundstatus": "status"},
        "mode": "create_or_update",
        "match_on": "personnummer",
        "options": {"create_pending_accounts": True},
    },
    "unknown_statuses": [
        {"value": "Guldkund", "rows": 7, "choices": ["create", "map"]},
        {"value": "Gammal", "rows": 3, "choices": ["create", "map"]},
        {"value": "Okänd", "rows": 2, "choices": ["create", "map"]},
    ],
}


def test_unknown_status_values_are_decided_on_the_dry_run_page(wizard, gateway):
    """Issue 23 §11 in the console: each value created, taken as an existing status or left;
    the rest of the mapping kept, and a new dry run started."""
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, DRY_RUN_DONE)
    gateway.on("GET", "/api/registry/statuses", 200, [{"id": "s-1", "name": "VIP"}])
    page = wizard.get(f"/imports/{JOB}")
    assert page.status_code == 200
    assert "Guldkund" in page.text and '<option value="VIP">VIP</option>' in page.text
    choices = {"value-1": "Guldkund", "choice-1": "map", "target-1": "VIP"}
    choices |= {"value-2": "Gammal", "choice-2": "create", "target-2": "VIP"}
    choices |= {"value-3": "Okänd", "choice-3": "leave", "target-3": "VIP"}
    answer = wizard.post(
        f"/imports/{JOB}/statuses", data={"csrf_token": csrf_of(page.text), **choices}
    )
    assert answer.status_code == 302 and answer.headers["Location"] == f"/imports/{JOB}"
    [sent] = _sent(gateway, "PUT", f"/api/imports/jobs/{JOB}/mapping")
    assert sent["columns"] == DRY_RUN_DONE["mapping"]["columns"]
    assert sent["options"] == {
        "create_pending_accounts": True,
        "create_statuses": ["Gammal"],
        "status_values": {"Guldkund": "VIP"},
    }
    assert len(_sent(gateway, "POST", f"/api/imports/jobs/{JOB}/dry-run")) == 1


def test_without_the_write_permission_the_choices_are_not_offered(wizard, gateway):
    gateway.permissions = ["imports.jobs.read"]
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, DRY_RUN_DONE)
    page = wizard.get(f"/imports/{JOB}")
    assert page.status_code == 200 and 'name="choice-1"' not in page.text
    refused = wizard.post(f"/imports/{JOB}/statuses", data={"csrf_token": csrf_of(page.text)})
    assert refused.status_code == 403


def test_a_run_with_undecided_values_is_announced_and_asked_first(wizard, gateway):
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, DRY_RUN_DONE)
    page = wizard.get(f"/imports/{JOB}")
    assert "12 rows have a status value not decided yet" in page.text
    assert 'data-confirm="12 rows will be refused: their status values' in page.text
    decided = {**DRY_RUN_DONE, "unknown_statuses": []}
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, decided)
    page = wizard.get(f"/imports/{JOB}")
    assert "not decided" not in page.text and "data-confirm" not in page.text


def test_the_list_of_imports_says_each_state_in_words(wizard, gateway):
    listed = {**DRY_RUN_DONE, "state": "completed", "total_rows": 12}
    listed["created_at"] = "2026-12-04T08:00:00+00:00"
    gateway.on("GET", "/api/imports/jobs", 200, [listed])
    page = wizard.get("/imports").text
    assert "<td>Import completed</td><td>12</td><td>2026-12-04 09:00</td>" in page


def test_the_columns_left_out_of_the_mapping_are_named_before_the_run(wizard, gateway):
    header = ["Förnamn", "Medlemskap", "Kundstatus", "Startdatum"]
    mapping = {**DRY_RUN_DONE["mapping"]}  # Förnamn and Kundstatus; a column may be absent
    mapping["columns"] = {**mapping["columns"], "Startdatum": None}
    job = {**DRY_RUN_DONE, "header": header, "mapping": mapping}
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, job)
    page = wizard.get(f"/imports/{JOB}").text
    assert "These 2 columns are not imported: Medlemskap, Startdatum." in page
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, {**job, "header": header[:3]})
    assert "The column Medlemskap is not imported." in wizard.get(f"/imports/{JOB}").text
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, {**job, "header": ["Förnamn"]})
    assert "not imported" not in wizard.get(f"/imports/{JOB}").text


def test_what_the_run_will_change_is_said_in_words(wizard, gateway):
    counts = {"dry_run": {"rows": 12, "errors": 0, "will_update": 1}}
    gateway.on("GET", f"/api/imports/jobs/{JOB}", 200, {**DRY_RUN_DONE, "counts": counts})
    diff = {"mobile_phone": [None, "+46701234567"], "extra_fields.level": ["Brons", "Guld"]}
    gateway.on("GET", f"/api/imports/jobs/{JOB}/rows", 200, [{"row_no": 7, "diff": diff}])
    level = {"key": "level", "label": "Nivå", "type": "list", "options": ["Brons", "Guld"]}
    gateway.on("GET", "/api/registry/fields", 200, [level])
    page = wizard.get(f"/imports/{JOB}").text
    assert "<td>7</td><td>Mobile phone</td><td></td><td>+46 70 123 45 67</td>" in page
    assert "<td>7</td><td>Nivå</td><td>Brons</td><td>Guld</td>" in page


def test_the_registrys_extended_fields_are_offered_and_named_like_a_column_chosen(wizard, gateway):
    preview = {**PREVIEW, "header": ["Förnamn", "E-post", "Nivå", "Tränare"]}
    preview["rows"] = [["Anna", "anna@example.se", "Guld", ""]]
    gateway.on("GET", f"/api/imports/jobs/{JOB}/preview", 200, preview)
    gateway.on(
        "GET",
        "/api/registry/fields",
        200,
        [
            {"key": "level", "label": "Nivå", "type": "list", "options": ["Brons", "Guld"]},
            {"key": "coach", "label": "Tränare", "type": "person_ref", "options": []},
        ],
    )
    page = wizard.get(f"/imports/{JOB}/mapping").text
    assert '<optgroup label="More details">' in page
    assert '<option value="extra_fields.level" selected>Nivå</option>' in page
    assert "extra_fields.coach" not in page  # a link to a card has no text form
    groups = {**preview, "job": {**PREVIEW["job"], "kind": "groups"}}
    gateway.on("GET", f"/api/imports/jobs/{JOB}/preview", 200, groups)
    assert "extra_fields." not in wizard.get(f"/imports/{JOB}/mapping").text
