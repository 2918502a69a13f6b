"""Bad input is a 4xx naming the field, never a 500 (issue 17, findings 5 and 8)."""

from __future__ import annotations

from urllib.parse import unquote

from foyer_testing.inputs import DEEPLY_NESTED, EveryServiceInputTests, field_errors, send_json

WRITE = "imports.jobs.write"


class TestEveryService(EveryServiceInputTests):
    """Paging bounds and blueprints: the checks every service runs (foyer_testing.inputs)."""


def test_a_lone_surrogate_in_a_mapping_is_422_naming_the_field(client, as_staff):
    raw = '{"kind": "customers", "name": "Gamla \\ud800", "columns": {}}'
    response = send_json(client, "POST", "/mappings", raw, as_staff("POST", "/mappings", WRITE))
    assert response.status_code == 422 and "name" in field_errors(response)


def test_deeply_nested_json_is_400(client, as_staff):
    response = send_json(
        client, "POST", "/mappings", DEEPLY_NESTED, as_staff("POST", "/mappings", WRITE)
    )
    assert response.status_code == 400 and "json" in response.json["errors"]


def test_mapping_names_and_filters_refuse_control_characters(client, as_staff):
    headers = as_staff("POST", "/mappings", WRITE)
    named = client.post(
        "/mappings",
        headers=headers,
        json={"kind": "customers", "name": "Gamla\x00", "columns": {"E-post": "email\n"}},
    )
    assert named.status_code == 422 and {"name", "columns"} <= set(field_errors(named))
    listed = client.get(
        "/mappings?kind=customers%00", headers=as_staff("GET", "/mappings", "imports.jobs.read")
    )
    assert listed.status_code == 422 and "kind" in field_errors(listed, "query")


def test_a_column_header_may_hold_a_line_break_but_not_nul(client, as_staff):
    headers = as_staff("POST", "/mappings", WRITE)
    broken = client.post(
        "/mappings",
        headers=headers,
        json={"kind": "customers", "name": "Gamla", "columns": {"E-\npost": "email"}},
    )
    assert broken.status_code == 201, broken.json
    nul = client.post(
        "/mappings",
        headers=headers,
        json={"kind": "customers", "name": "Gamla", "columns": {"E-\x00post": "email"}},
    )
    assert nul.status_code == 422 and "columns" in field_errors(nul)


def test_outcome_filters_and_sheet_names_refuse_control_characters(
    client, as_staff, upload, fixtures
):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    path = f"/jobs/{job_id}/rows"
    rows = client.get(f"{path}?outcome=x%00", headers=as_staff("GET", path, "imports.jobs.read"))
    assert rows.status_code == 422 and "outcome" in field_errors(rows, "query")
    sheet = upload(fixtures / "customers_sv.csv", sheet="Blad\x001")
    assert sheet.status_code == 422 and "sheet" in field_errors(sheet, "form")


def test_a_control_character_in_a_path_is_404_not_500(client, as_staff):
    for path in ("/jobs/%00", "/jobs/%00/rows", "/jobs/a%0Ab/preview"):
        signed = as_staff("GET", unquote(path), "imports.jobs.read")
        assert client.get(path, headers=signed).status_code == 404, path
