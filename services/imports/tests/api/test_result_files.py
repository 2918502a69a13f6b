"""Error and set-aside files: original columns, an error column in plain words, formulas defused."""

from __future__ import annotations

import csv
import io

import openpyxl

WRITE, READ = "imports.jobs.write", "imports.jobs.read"


def mapped(client, as_staff, upload, content, filename=None, options=None, match_on="personnummer"):
    body = upload(content, filename).json
    job_id = body["job"]["id"]
    columns = {c: f for c, f in body["suggested_mapping"].items() if f}
    route = f"/jobs/{job_id}/mapping"
    response = client.put(
        route,
        json={"columns": columns, "options": options or {}, "match_on": match_on},
        headers=as_staff("PUT", route, WRITE),
    )
    assert response.status_code == 200, response.json
    return job_id


def download(client, as_staff, job_id, name):
    route = f"/jobs/{job_id}/{name}"
    return client.get(route, headers=as_staff("GET", route, READ))


def read_csv(response):
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_error_csv_of_the_sample(client, as_staff, upload, fixtures, answers):
    job_id = mapped(client, as_staff, upload, fixtures / "customers_sv.csv")
    response = download(client, as_staff, job_id, "errors.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "customers_sv-errors.csv" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][-1] == "Import error" and rows[0][0] == "Förnamn"
    expected = [n for n, v in answers("customers_sv").items() if v.startswith("error")]
    assert len(rows) - 1 == len(expected)
    # The row column points at the row of the uploaded file (issue 23 §13).
    assert rows[0][-2] == "Row in file"
    assert [int(r[-2]) for r in rows[1:]] == sorted(expected)
    by_pn = {r[3]: r[-1] for r in rows[1:]}
    # Messages name the column as the file writes it (issue 23 §12).
    assert by_pn["19900206-9541"] == (
        'E-post "erik.bergqvist7 at example.se" is not an e-mail '
        'address: it needs "@" and "." and no spaces and no letters outside plain ASCII '
        "(å, ä, ö, æ, ø, é, ü, č …)"
    )
    assert "check digit" in by_pn["19570802-7115"]
    assert by_pn["19570802-7115"].startswith('Personnummer "19570802-7115"')


def test_the_error_file_speaks_the_readers_language(client, as_staff, upload, fixtures):
    """Accept-Language sv: the file's own checks and the two added columns in Swedish; the
    rows refused are the same ones."""
    job_id = mapped(client, as_staff, upload, fixtures / "customers_sv.csv")
    route = f"/jobs/{job_id}/errors.csv"
    swedish = {**as_staff("GET", route, READ), "Accept-Language": "sv"}
    rows = read_csv(client.get(route, headers=swedish))
    english = read_csv(download(client, as_staff, job_id, "errors.csv"))
    assert rows[0][-2:] == ["Rad i filen", "Importfel"]
    assert [r[:-1] for r in rows[1:]] == [r[:-1] for r in english[1:]]
    by_pn = {r[3]: r[-1] for r in rows[1:]}
    assert by_pn["19900206-9541"] == (
        'E-post "erik.bergqvist7 at example.se" är ingen e-postadress: den behöver "@" och "." '
        "och inga mellanslag och inga bokstäver utanför vanlig ASCII (å, ä, ö, æ, ø, é, ü, č …)"
    )
    assert by_pn["19570802-7115"] == (
        'Personnummer "19570802-7115" är inte giltigt: kontrollsiffran stämmer inte'
    )
    xlsx = client.get(
        f"/jobs/{job_id}/errors.xlsx",
        headers={**as_staff("GET", f"/jobs/{job_id}/errors.xlsx", READ), "Accept-Language": "sv"},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in next(sheet.iter_rows())][-1] == "Importfel"
    # A language Foyer does not speak reads English.
    danish = {**as_staff("GET", route, READ), "Accept-Language": "da"}
    assert read_csv(client.get(route, headers=danish))[0][-1] == "Import error"


def test_messages_name_the_columns_of_a_czech_file(client, as_staff, upload):
    text = "Jméno;Příjmení;E-mail (login);Rodné číslo / personnummer\nJan;Novák;jan@x.cz;1\n"
    text += ";;řeka@x.cz;\n"
    job_id = mapped(client, as_staff, upload, text.encode(), match_on="email")
    rows = read_csv(download(client, as_staff, job_id, "errors.csv"))
    messages = [r[-1] for r in rows[1:]]
    assert (
        messages[0]
        == 'Rodné číslo / personnummer "1" is not valid: ' + messages[0].split(": ", 1)[1]
    )
    assert messages[1].startswith("the row has no name (Jméno or Příjmení); E-mail (login)")
    assert [r[-2] for r in rows[1:]] == ["2", "3"]


def test_formula_cells_are_neutralised_in_csv_and_xlsx(client, as_staff, upload):
    text = (
        "Förnamn;Efternamn;E-post;Telefon;Adress\n"
        'Eva;Ek;eva at x.se;+46 70-123 45 67;=HYPERLINK("http://evil.example","klick")\n'
        "@SUM(A1);Berg;b@x;-12;+cmd|calc\n"
    )
    job_id = mapped(client, as_staff, upload, text.encode(), match_on="email")
    rows = read_csv(download(client, as_staff, job_id, "errors.csv"))
    assert rows[1][3:5] == ["+46 70-123 45 67", '\'=HYPERLINK("http://evil.example","klick")']
    assert rows[2][0] == "'@SUM(A1)" and rows[2][3:5] == ["-12", "'+cmd|calc"]
    response = download(client, as_staff, job_id, "errors.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-1] == "Import error"
    assert values[1][4] == '\'=HYPERLINK("http://evil.example","klick")'
    assert sheet.cell(2, 5).data_type == "s"  # text, not a formula


def test_set_aside_file(client, as_staff, upload):
    text = "Förnamn;Efternamn;Personnummer\nA;B;19570426-5189\nC;D;\nE;F;\n"
    job_id = mapped(
        client, as_staff, upload, text.encode(), options={"set_aside_without_personnummer": True}
    )
    rows = read_csv(download(client, as_staff, job_id, "set-aside.csv"))
    assert rows == [["Förnamn", "Efternamn", "Personnummer"], ["C", "D", ""], ["E", "F", ""]]
    sheet = openpyxl.load_workbook(
        io.BytesIO(download(client, as_staff, job_id, "set-aside.xlsx").data)
    ).active
    assert sheet.max_row == 3


def test_download_names_keep_their_letters(client, as_staff, upload):
    body = upload("Förnamn;E-post\nA;a at b.se\n".encode(), "Členové 2019.csv").json
    route = f"/jobs/{body['job']['id']}/mapping"
    client.put(
        route,
        json={"columns": {"Förnamn": "first_name", "E-post": "email"}, "match_on": "email"},
        headers=as_staff("PUT", route, WRITE),
    )
    response = download(client, as_staff, body["job"]["id"], "errors.csv")
    disposition = response.headers["Content-Disposition"]
    assert 'filename="_lenov__2019-errors.csv"' in disposition
    assert "filename*=UTF-8''%C4%8Clenov%C3%A9%202019-errors.csv" in disposition
    response = download(client, as_staff, body["job"]["id"], "errors.xlsx")
    assert "errors.xlsx" in response.headers["Content-Disposition"]


def test_files_need_a_mapping_and_read_permission(client, as_staff, upload, fixtures):
    job_id = upload(fixtures / "customers_sv.csv").json["job"]["id"]
    assert download(client, as_staff, job_id, "errors.csv").status_code == 409
    route = f"/jobs/{job_id}/errors.csv"
    assert client.get(route, headers=as_staff("GET", route, WRITE)).status_code == 403
