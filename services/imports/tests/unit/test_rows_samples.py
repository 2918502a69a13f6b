"""The row processor against the samples' expected verdict for every row (CSV and XLSX)."""

from __future__ import annotations

import datetime

import pytest

from imports.domain.reading.table import CSV, XLSX, FileFormat, header_and_rows
from imports.domain.rows.factory import make_processor
from imports.domain.rows.verdict import ERROR, OK, SKIPPED
from imports.domain.suggest import suggest_mapping

TODAY = datetime.date(2026, 11, 29)


CSV_FMT = FileFormat(CSV, "utf-8-sig", ";")


@pytest.fixture(name="verdicts")
def verdicts_fixture(fixtures):
    return lambda name, fmt=CSV_FMT: verdicts(fixtures / name, fmt)


def verdicts(path, fmt: FileFormat):
    header, rows = header_and_rows(path, fmt, 1)
    columns = {c: f for c, f in suggest_mapping("customers", header).items() if f}
    processor = make_processor("customers", header, columns, {}, today=TODAY)
    return {row_no: processor.process(row_no, cells) for row_no, cells in rows}


def matches(verdict, expected: str) -> bool:
    if expected == "ok":
        return verdict.status == OK and not verdict.duplicate_of and not verdict.company
    if expected.startswith("ok: "):
        note = expected[4:]
        noted = note in verdict.notes or note == "formula kept as text"
        return verdict.status == OK and noted and not verdict.duplicate_of
    if expected == "duplicate":
        return verdict.status == OK and verdict.duplicate_of is not None
    if expected == "company":
        return verdict.status == OK and verdict.company
    if expected == "skip: empty":
        return verdict.status == SKIPPED
    if expected.startswith("error: "):
        field = {"company flag": "company"}.get(expected[7:], expected[7:])
        return verdict.status == ERROR and field in {f for f, _ in verdict.errors}
    raise AssertionError(expected)


@pytest.mark.parametrize(
    ("name", "fmt", "answers_of"),
    [
        ("customers_sv.csv", FileFormat(CSV, "utf-8-sig", ";"), "customers_sv"),
        ("register_sv.xlsx", FileFormat(XLSX, sheet="Kunder"), "register_sv"),
    ],
)
def test_every_row_gets_the_expected_verdict(verdicts, answers, name, fmt, answers_of):
    got = verdicts(name, fmt)
    expected = answers(answers_of)
    assert set(got) == set(expected)
    wrong = {n: (expected[n], got[n]) for n in expected if not matches(got[n], expected[n])}
    assert wrong == {}


def test_formula_cells_are_kept_as_text(verdicts):
    got = verdicts("customers_sv.csv")
    assert got[37].fields["address"] == '=HYPERLINK("http://evil.example","klick")'


def test_duplicate_names_the_earlier_row_and_gets_a_name_username(verdicts):
    got = verdicts("customers_sv.csv")
    assert got[23].duplicate_of == 9
    assert got[9].fields["username"] == "marta.larsson8@example.se"
    assert got[23].fields["username"] == "peråkesson".replace("å", "a")
    assert got[80].duplicate_of == 45


def test_error_names_the_value(verdicts):
    got = verdicts("customers_sv.csv")
    assert "erik.bergqvist7 at example.se" in got[8].error_text()
    assert "19570802-7115" in got[25].error_text()


def test_company_row_fields(verdicts):
    got = verdicts("customers_sv.csv")
    assert got[22].fields["kind"] == "company"
    assert got[22].fields["name"] == "Friskvård AB"
    assert "first_name" not in got[22].fields


def test_name_split_and_home_facility_and_status(verdicts):
    got = verdicts("customers_sv.csv")
    fields = got[67].fields
    assert (fields["first_name"], fields["last_name"]) == ("Per", "Ekström Lund")
    assert (got[3].fields["home_facility"], got[3].fields["status"]) == ("3", "VIP")
    assert got[59].fields["personnummer"] == "195712027381"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "suffix"),
    [
        ("utf-8-sig", ";", ".csv"),
        ("cp1252", ",", ".csv"),
        ("utf-8", "\t", ".csv"),
        ("utf-8", ";", ".xlsx"),
    ],
)
def test_generated_dirty_files_get_the_expected_verdicts(
    fixtures, tmp_path, encoding, delimiter, suffix
):
    import subprocess
    import sys

    out, answers_file = tmp_path / f"messy{suffix}", tmp_path / "messy.answers.tsv"
    subprocess.run(
        [
            sys.executable,
            str(fixtures / "make_customers.py"),
            "--rows",
            "3000",
            "--dirty",
            "0.3",
            "--encoding",
            encoding,
            "--delimiter",
            delimiter,
            "--answers",
            str(answers_file),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    fmt = (
        FileFormat(XLSX, sheet="Kunder")
        if suffix == ".xlsx"
        else FileFormat(CSV, encoding, delimiter)
    )
    got = verdicts(out, fmt)
    expected = dict(line.split("\t") for line in answers_file.read_text().splitlines())
    wrong = {n: (v, got[int(n)]) for n, v in expected.items() if not matches(got[int(n)], v)}
    assert wrong == {}
