"""Every upload limit answers a clear 4xx, and a refused upload leaves no job and no file."""

from __future__ import annotations

import io
import os
import zipfile

import openpyxl


def assert_refused(response, status, words, settings, db):
    assert response.status_code == status, response.json
    assert words in response.json["message"]
    assert response.json["errors"]["json"]["file"]
    assert os.listdir(settings.upload_dir) == [] or all(
        not name.startswith("tmp") for name in os.listdir(settings.upload_dir)
    )
    from imports.models import Job

    with db.read_only() as session:
        assert session.query(Job).count() == 0


def rows_csv(n: int) -> bytes:
    return ("Förnamn;Efternamn\n" + "".join(f"A{i};B\n" for i in range(n))).encode()


def test_file_over_the_size_limit_is_413(upload, app_with, settings, db):
    small = app_with(max_upload_bytes=2000)
    response = upload(rows_csv(500), "big.csv", via=small)
    assert response.status_code == 413
    assert "larger than" in response.json["message"] or response.json["code"] == 413


def test_file_over_the_row_limit_is_422(upload, app_with, settings, db):
    limited = app_with(max_rows=10)
    assert upload(rows_csv(10), "ok.csv", via=limited).status_code == 201
    response = upload(rows_csv(11), "many.csv", via=limited)
    assert response.status_code == 422
    assert "more than 10 rows" in response.json["message"]


def test_xlsx_over_the_row_limit_is_422(upload, app_with, tmp_path):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Kunder")
    sheet.append(["Förnamn"])
    for i in range(12):
        sheet.append([f"A{i}"])
    workbook.save(tmp_path / "many.xlsx")
    response = upload(tmp_path / "many.xlsx", via=app_with(max_rows=10))
    assert response.status_code == 422
    assert "more than 10 rows" in response.json["message"]


def test_wrong_type_is_415(upload, settings, db):
    assert_refused(upload(b"%PDF-1.4 ...", "avtal.pdf"), 415, "neither", settings, db)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    assert_refused(upload(png, "bild.csv"), 415, "not a CSV", settings, db)


def test_empty_file_is_422(upload, settings, db):
    assert_refused(upload(b"", "tom.csv"), 422, "empty", settings, db)
    assert_refused(upload(b"\n\n\n", "tom2.csv"), 422, "no header", settings, db)


def test_a_refused_upload_reads_in_swedish_when_asked(client, as_staff, settings, db):
    def send(content, filename):
        return client.post(
            "/jobs",
            data={"file": (io.BytesIO(content), filename), "type": "customers"},
            content_type="multipart/form-data",
            headers={**as_staff("POST", "/jobs", "imports.jobs.write"), "Accept-Language": "sv"},
        )

    assert_refused(send(b"", "tom.csv"), 422, "filen är tom", settings, db)
    pdf = send(b"%PDF-1.4 ...", "avtal.pdf")
    assert pdf.json["message"] == "'avtal.pdf' är varken en .csv- eller en .xlsx-fil"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "lösenordsskyddad" in send(ole, "hemlig.xlsx").json["errors"]["json"]["file"][0]


def test_encrypted_xlsx_is_422(upload, settings, db):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert_refused(upload(ole, "hemlig.xlsx"), 422, "password-protected", settings, db)


def test_corrupt_xlsx_is_422(upload, fixtures, settings, db):
    data = (fixtures / "register_sv.xlsx").read_bytes()
    assert_refused(upload(data[: len(data) // 2], "trasig.xlsx"), 422, "corrupt", settings, db)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert_refused(upload(buffer.getvalue(), "zip.xlsx"), 422, "not an Excel", settings, db)


def test_zip_bomb_is_422(upload, settings, db):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 << 20))
    assert_refused(upload(buffer.getvalue(), "bomb.xlsx"), 422, "100:1", settings, db)


def test_xml_entity_bomb_is_422(upload, fixtures, tmp_path, settings, db):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    source = zipfile.ZipFile(fixtures / "register_sv.xlsx")
    target = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = laughs.encode() + (data.split(b"?>", 1)[1] if b"?>" in data else data)
            archive.writestr(item, data)
    assert_refused(upload(target), 422, "EntitiesForbidden", settings, db)
