"""POST /jobs: detection of encoding, delimiter and sheets; preview; suggested mapping."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from imports_testing import map_as_suggested

WRITE = "imports.jobs.write"


def _generator_header() -> list[str]:
    """The header the samples (customers_sv.csv, register_sv.xlsx) were written with, as their
    generator (fixtures/make_customers.py, not a package) declares it."""
    path = Path(__file__).resolve().parents[1] / "fixtures" / "make_customers.py"
    spec = importlib.util.spec_from_file_location("make_customers", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    return generator.HEADER


SV_HEADER = _generator_header()


def test_sample_csv_is_read_and_mapped(upload, fixtures, settings):
    response = upload(fixtures / "customers_sv.csv")
    assert response.status_code == 201, response.json
    body = response.json
    job = body["job"]
    assert (job["format"], job["encoding"], job["delimiter"]) == ("csv", "utf-8-sig", ";")
    assert (job["state"], job["header_row"], job["total_rows"]) == ("uploaded", 1, 80)
    assert body["header"] == SV_HEADER
    assert len(body["rows"]) == 20
    assert body["rows"][0][:2] == ["Anders", "Åkesson"]
    assert body["suggested_mapping"] == {
        "Förnamn": "first_name",
        "Efternamn": "last_name",
        "Namn": "name",
        "Personnummer": "personnummer",
        "E-post": "email",
        "Telefon": "phone",
        "Adress": "address",
        "Postnummer": "postal_code",
        "Ort": "city",
        "Företag": "company",
        "Hemanläggning": "home_facility",
        "Kundstatus": "status",
    }
    assert os.path.exists(os.path.join(settings.upload_dir, f"{job['id']}.csv"))


def test_windows_1252_with_commas(upload):
    text = "Förnamn,Efternamn,E-post\r\nÅsa,Öberg,asa@example.se\r\nJörg,Müller,\r\n"
    body = upload(text.encode("cp1252"), "gammal.csv").json
    assert (body["job"]["encoding"], body["job"]["delimiter"]) == ("windows-1252", ",")
    assert body["header"] == ["Förnamn", "Efternamn", "E-post"]
    assert body["rows"] == [["Åsa", "Öberg", "asa@example.se"], ["Jörg", "Müller", ""]]


def test_iso_8859_1_when_a_byte_windows_1252_lacks_appears(upload):
    text = "Förnamn;Anteckning\nÅsa;\x81\n"
    body = upload(text.encode("latin-1"), "x.csv").json
    assert body["job"]["encoding"] == "iso-8859-1"
    assert body["rows"] == [["Åsa", "\x81"]]


def test_utf8_without_bom_tabs_and_header_below_blank_lines(upload):
    text = "\n\nFornavn\tEfternavn\tE-mail\tBrugernavn\nSøren\tÆrø\ts@x.dk\tsoren\n"
    body = upload(text.encode("utf-8"), "dansk.tsv").json
    assert (body["job"]["encoding"], body["job"]["delimiter"]) == ("utf-8", "\t")
    assert body["job"]["header_row"] == 3
    assert body["suggested_mapping"] == {
        "Fornavn": "first_name",
        "Efternavn": "last_name",
        "E-mail": "email",
        "Brugernavn": "username",
    }


def test_czech_and_english_headers_are_suggested(upload):
    text = "Jméno;Příjmení;PSČ;Město\nJan;Novák;11000;Praha\n"
    body = upload(text.encode("utf-8"), "cz.csv").json
    assert body["suggested_mapping"] == {
        "Jméno": "first_name",
        "Příjmení": "last_name",
        "PSČ": "postal_code",
        "Město": "city",
    }
    text = "FIRST  NAME,Last-Name,e mail,Zip code,Customer number\nA,B,a@b.se,1,7\n"
    body = upload(text.encode("utf-8"), "en.csv").json
    assert body["suggested_mapping"] == {
        "FIRST  NAME": "first_name",
        "Last-Name": "last_name",
        "e mail": "email",
        "Zip code": "postal_code",
        "Customer number": "external_number",
    }


def test_xlsx_sample_lists_its_sheets(upload, fixtures):
    body = upload(fixtures / "register_sv.xlsx").json
    job = body["job"]
    assert (job["format"], job["sheets"], job["sheet"]) == (
        "xlsx",
        ["Kunder", "Anteckningar"],
        "Kunder",
    )
    assert body["header"] == SV_HEADER
    assert len(body["rows"]) == 20
    assert job["total_rows"] == 200


def test_xlsx_other_sheet_and_unknown_sheet(upload, fixtures):
    body = upload(fixtures / "register_sv.xlsx", sheet="Anteckningar").json
    assert body["job"]["sheet"] == "Anteckningar"
    assert body["header"][0] == "Exporterad från tidigare system"
    response = upload(fixtures / "register_sv.xlsx", sheet="Nope")
    assert response.status_code == 422
    assert "Nope" in response.json["errors"]["json"]["sheet"][0]


def test_upload_needs_write_permission(client, as_staff, fixtures):
    response = client.post(
        "/jobs", data={"type": "customers"}, headers=as_staff("POST", "/jobs", "imports.jobs.read")
    )
    assert response.status_code == 403


def test_unknown_type_names_the_field(upload, fixtures):
    response = upload(fixtures / "customers_sv.csv", kind="persons")
    assert response.status_code == 422
    assert "type" in response.json["errors"]["form"]
    response = upload(fixtures / "customers_sv.csv", kind=None)
    assert "type" in response.json["errors"]["form"]


def test_other_kinds_get_their_own_suggestions(upload):
    body = upload(b"Gruppnamn;Beskrivning\nYoga;Tisdagar\n", "g.csv", kind="groups").json
    assert body["suggested_mapping"] == {"Gruppnamn": "name", "Beskrivning": "description"}
    body = upload(b"Grupp;E-post;Roll\nYoga;a@b.se;ledare\n", "m.csv", kind="group_members").json
    assert body["suggested_mapping"] == {"Grupp": "group", "E-post": "email", "Roll": "role"}


def test_saved_mappings_that_fit_are_offered(client, as_staff, upload, fixtures):
    saved = client.post(
        "/mappings",
        json={"kind": "customers", "name": "Gamla kassan", "columns": {"Förnamn": "first_name"}},
        headers=as_staff("POST", "/mappings", WRITE),
    )
    assert saved.status_code == 201, saved.json
    client.post(
        "/mappings",
        json={"kind": "customers", "name": "Annat", "columns": {"Vorname": "first_name"}},
        headers=as_staff("POST", "/mappings", WRITE),
    )
    body = upload(fixtures / "customers_sv.csv").json
    assert body["saved_mappings"] == [{"id": saved.json["id"], "name": "Gamla kassan"}]
    listed = client.get(
        "/mappings?kind=customers", headers=as_staff("GET", "/mappings", "imports.jobs.read")
    ).json
    assert [m["name"] for m in listed] == ["Annat", "Gamla kassan"]


def test_saved_mapping_with_unknown_field_is_422(client, as_staff):
    response = client.post(
        "/mappings",
        json={"kind": "customers", "name": "x", "columns": {"A": "shoe_size"}},
        headers=as_staff("POST", "/mappings", WRITE),
    )
    assert response.status_code == 422
    assert "columns.A" in response.json["errors"]["json"]


def test_preview_again_and_delete_with_the_file(client, as_staff, upload, fixtures, settings):
    body = upload(fixtures / "register_sv.xlsx").json
    job_id = body["job"]["id"]
    route = f"/jobs/{job_id}/preview"
    again = client.get(route, headers=as_staff("GET", route, "imports.jobs.read")).json
    assert again["rows"] == body["rows"] and again["header"] == body["header"]
    assert again["suggested_mapping"] == body["suggested_mapping"]
    stored = os.path.join(settings.upload_dir, f"{job_id}.xlsx")
    assert os.path.exists(stored)
    route = f"/jobs/{job_id}"
    response = client.delete(route, headers=as_staff("DELETE", route, WRITE))
    assert response.status_code == 204
    assert not os.path.exists(stored)
    assert client.get(route, headers=as_staff("GET", route, "imports.jobs.read")).status_code == 404


def test_a_queued_job_cannot_be_deleted(client, as_staff, upload, fixtures):
    job_id = map_as_suggested(client, as_staff, upload(fixtures / "customers_sv.csv").json)
    route = f"/jobs/{job_id}/dry-run"
    client.post(route, headers=as_staff("POST", route, "imports.jobs.run"))
    route = f"/jobs/{job_id}"
    response = client.delete(route, headers=as_staff("DELETE", route, WRITE))
    assert response.status_code == 409
    assert "dry_run_queued" in response.json["message"]


def test_deleting_a_job_deletes_its_row_outcomes_and_no_others(
    client, as_staff, upload, fixtures, db
):
    """Outcomes have no foreign key to their job on PostgreSQL (migration 0005): the delete
    removes them itself."""
    from sqlalchemy import func, select

    from imports.models import RowOutcome

    jobs = [upload(fixtures / "customers_sv.csv").json["job"]["id"] for _ in range(2)]
    with db.transaction() as session:
        session.add_all(
            RowOutcome(job_id=job_id, phase="run", row_no=row_no, batch_no=1, outcome="created")
            for job_id in jobs
            for row_no in (2, 3)
        )
    route = f"/jobs/{jobs[0]}"
    assert client.delete(route, headers=as_staff("DELETE", route, WRITE)).status_code == 204
    with db.read_only() as session:
        left = dict(
            session.execute(
                select(RowOutcome.job_id, func.count()).group_by(RowOutcome.job_id)
            ).all()
        )
    assert left == {jobs[1]: 2}


def test_a_title_line_above_the_header_is_skipped(upload):
    text = "Medlemsregister Friskis 2019\n\nFörnamn;Efternamn;E-post\nÅsa;Berg;asa@x.se\n"
    body = upload(text.encode("utf-8"), "register.csv").json
    assert body["job"]["header_row"] == 3
    assert body["header"] == ["Förnamn", "Efternamn", "E-post"]
    assert body["rows"] == [["Åsa", "Berg", "asa@x.se"]]
    one_column = upload("\nNamn\nÅsa Berg\n".encode(), "namn.csv").json
    assert (one_column["job"]["header_row"], one_column["header"]) == (2, ["Namn"])


def test_an_organisation_number_column_is_suggested(upload):
    text = "Namn;Företag;Organisationsnummer\nFriskvård AB;1;556677-8899\n"
    body = upload(text.encode("utf-8"), "foretag.csv").json
    assert body["suggested_mapping"]["Organisationsnummer"] == "org_number"


def test_the_upload_says_which_part_of_a_joined_header_matched(upload):
    text = "Rodné číslo / personnummer;E-mail (login);CPR-nummer\n19570426-5189;a@b.se;x\n"
    body = upload(text.encode("utf-8"), "joined.csv").json
    assert body["suggested_mapping"] == {
        "Rodné číslo / personnummer": "personnummer",
        "E-mail (login)": "email",
        "CPR-nummer": None,
    }
    assert body["suggestion"]["Rodné číslo / personnummer"]["matched"] == "personnummer"
    assert body["suggestion"]["E-mail (login)"]["matched"] == "E-mail"
    assert "CPR" in body["suggestion"]["CPR-nummer"]["note"]
