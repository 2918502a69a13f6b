"""PUT /jobs/{id}/mapping: columns → fields, mode, match and options; 422 names the field."""

from __future__ import annotations

WRITE = "imports.jobs.write"
SUGGESTED = {
    "Förnamn": "first_name",
    "Efternamn": "last_name",
    "Personnummer": "personnummer",
    "E-post": "email",
}


def put(client, as_staff, job_id, body):
    path = f"/jobs/{job_id}/mapping"
    return client.put(path, json=body, headers=as_staff("PUT", path, WRITE))


def test_mapping_is_saved_and_job_is_mapped(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(
        client,
        as_staff,
        job_id,
        {
            "columns": {**SUGGESTED, "Telefon": None},
            "mode": "update_existing",
            "match_on": "email",
            "options": {"set_aside_without_personnummer": True},
        },
    )
    assert response.status_code == 200, response.json
    assert response.json["state"] == "mapped"
    assert response.json["mapping"] == {
        "columns": SUGGESTED,
        "mode": "update_existing",
        "match_on": "email",
        "options": {
            "set_aside_without_personnummer": True,
            "create_pending_accounts": False,
            "create_missing_statuses": False,
        },
    }


def test_unknown_column_is_422_naming_it(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(client, as_staff, job_id, {"columns": {"Skostorlek": "first_name"}})
    assert response.status_code == 422
    assert "Skostorlek" in response.json["errors"]["json"]["columns.Skostorlek"][0]


def test_mapping_refusals_read_in_swedish_when_asked(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    route = f"/jobs/{job_id}/mapping"
    headers = {**as_staff("PUT", route, WRITE), "Accept-Language": "sv"}
    unknown = client.put(route, json={"columns": {"Skostorlek": "first_name"}}, headers=headers)
    said = unknown.json["errors"]["json"]["columns.Skostorlek"]
    assert said == ["filen har ingen kolumn 'Skostorlek'"]
    twice = {"columns": {"Förnamn": "first_name", "Efternamn": "first_name"}}
    both = client.put(route, json=twice, headers=headers).json["errors"]["json"]
    [(_column, [said])] = both.items()  # the second column read names the first
    assert said in (
        "'first_name' är kopplat från både 'Förnamn' och 'Efternamn'",
        "'first_name' är kopplat från både 'Efternamn' och 'Förnamn'",
    )


def test_unknown_field_is_422_naming_the_column(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(client, as_staff, job_id, {"columns": {**SUGGESTED, "Ort": "shoe_size"}})
    assert response.status_code == 422
    assert "shoe_size" in response.json["errors"]["json"]["columns.Ort"][0]


def test_a_column_may_fill_an_extended_field_by_its_key(client, as_staff, upload, fixtures):
    """The registry checks that the key exists and each value (docs/imports.md): here only its
    form, and only customers have extended fields."""
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    taken = put(client, as_staff, job_id, {"columns": {**SUGGESTED, "Ort": "extra_fields.level"}})
    assert taken.status_code == 200, taken.json
    assert taken.json["mapping"]["columns"]["Ort"] == "extra_fields.level"
    bad = put(client, as_staff, job_id, {"columns": {**SUGGESTED, "Ort": "extra_fields.Nivå"}})
    assert bad.status_code == 422
    assert "extra_fields.<key>" in bad.json["errors"]["json"]["columns.Ort"][0]


def test_field_mapped_twice_is_422(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(client, as_staff, job_id, {"columns": {**SUGGESTED, "Namn": "first_name"}})
    assert "columns.Namn" in response.json["errors"]["json"]


def test_match_field_must_be_mapped(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(
        client,
        as_staff,
        job_id,
        {"columns": {"Förnamn": "first_name"}, "match_on": "external_number"},
    )
    assert response.status_code == 422
    assert "match_on" in response.json["errors"]["json"]


def test_bad_mode_and_unknown_option_are_422(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(client, as_staff, job_id, {"columns": SUGGESTED, "mode": "replace_all"})
    assert "mode" in response.json["errors"]["json"]
    response = put(client, as_staff, job_id, {"columns": SUGGESTED, "options": {"turbo": True}})
    assert "turbo" in response.json["errors"]["json"]["options"]


def test_unknown_job_is_404_and_permission_needed(client, as_staff):
    response = put(client, as_staff, "00000000-0000-0000-0000-000000000000", {"columns": SUGGESTED})
    assert response.status_code == 404
    path = "/jobs/x/mapping"
    response = client.put(
        path, json={"columns": {}}, headers=as_staff("PUT", path, "imports.jobs.read")
    )
    assert response.status_code == 403


def test_choosing_another_sheet_rereads_the_header(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "register_sv.xlsx").json["job"]["id"]
    response = put(
        client,
        as_staff,
        job_id,
        {"sheet": "Anteckningar", "columns": {"Rader": "name"}, "match_on": "email"},
    )
    assert response.status_code == 422  # customers matched on e-mail need an e-mail column
    response = put(client, as_staff, job_id, {"sheet": "Anteckningar", "columns": {"Nope": "name"}})
    assert "columns.Nope" in response.json["errors"]["json"]
    response = put(
        client,
        as_staff,
        job_id,
        {"sheet": "Kunder", "header_row": 1, "columns": SUGGESTED, "save_as": "Registret"},
    )
    assert response.status_code == 200
    assert response.json["sheet"] == "Kunder"
    listed = client.get("/mappings", headers=as_staff("GET", "/mappings", "imports.jobs.read"))
    assert [m["name"] for m in listed.json] == ["Registret"]


def test_a_saved_mapping_is_reused_by_id(client, as_staff, upload, fixtures):
    saved = client.post(
        "/mappings",
        json={
            "kind": "customers",
            "name": "Gamla kassan",
            "columns": SUGGESTED,
            "match_on": "email",
            "options": {"create_pending_accounts": True},
        },
        headers=as_staff("POST", "/mappings", WRITE),
    ).json
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    response = put(client, as_staff, job_id, {"mapping_id": saved["id"], "mode": "create_only"})
    assert response.status_code == 200, response.json
    mapping = response.json["mapping"]
    assert (mapping["columns"], mapping["match_on"], mapping["mode"]) == (
        SUGGESTED,
        "email",
        "create_only",
    )
    assert mapping["options"]["create_pending_accounts"] is True
    response = put(client, as_staff, job_id, {"mapping_id": "nope"})
    assert "mapping_id" in response.json["errors"]["json"]
    response = put(client, as_staff, job_id, {"mode": "create_only"})
    assert "columns" in response.json["errors"]["json"]


# One ě: too little to tell Windows-1250 from 1252 (reading/encoding.py).
CZECH_SHORT = "Jméno;Příjmení;E-mail;Město\nJan;Novák;jan@example.cz;Brno\n"


def test_choosing_the_encoding_reads_the_file_again(client, as_staff, upload, fixtures):
    uploaded = upload(CZECH_SHORT.encode("cp1250"), "kontakty.csv").json
    assert uploaded["job"]["encoding"] == "windows-1252"
    assert uploaded["header"] == ["Jméno", "Pøíjmení", "E-mail", "Mìsto"]  # what the person sees
    job_id = uploaded["job"]["id"]
    response = put(
        client,
        as_staff,
        job_id,
        {
            "encoding": "windows-1250",
            "match_on": "email",
            "columns": {
                "Jméno": "first_name",
                "Příjmení": "last_name",
                "E-mail": "email",
                "Město": "city",
            },
        },
    )
    assert response.status_code == 200, response.json
    assert response.json["encoding"] == "windows-1250"
    assert response.json["header"] == ["Jméno", "Příjmení", "E-mail", "Město"]
    path = f"/jobs/{job_id}/preview"
    preview = client.get(path, headers=as_staff("GET", path, "imports.jobs.read")).json
    assert preview["rows"] == [["Jan", "Novák", "jan@example.cz", "Brno"]]


def test_an_encoding_the_file_is_not_in_is_422_naming_it(client, as_staff, upload, fixtures):
    job_id = upload(CZECH_SHORT.encode("cp1250"), "kontakty.csv").json["job"]["id"]
    response = put(
        client, as_staff, job_id, {"encoding": "utf-8", "columns": {"Jméno": "first_name"}}
    )
    assert response.status_code == 422
    assert "utf-8" in response.json["errors"]["json"]["encoding"][0]
    unknown = put(
        client, as_staff, job_id, {"encoding": "klingon", "columns": {"Jméno": "first_name"}}
    )
    assert unknown.status_code == 422 and "encoding" in unknown.json["errors"]["json"]
    xlsx = upload(fixtures / "register_sv.xlsx").json["job"]["id"]
    workbook = put(
        client, as_staff, xlsx, {"encoding": "windows-1250", "columns": {"Förnamn": "first_name"}}
    )
    assert workbook.status_code == 422 and "CSV" in workbook.json["errors"]["json"]["encoding"][0]
