"""Row errors name the column as the uploaded file writes it (issue 23 §12)."""

from imports.domain.column_names import labels_of, name_columns
from imports.domain.rows.factory import make_processor

MAPPING = {"columns": {"E-mail (login)": "email", "Telefon/Mobil": "phone", "Firma": "name"}}


def test_the_registrys_field_names_become_the_files_columns():
    labels = labels_of(MAPPING)
    text = "email: not an e-mail address; phone: not a phone number"
    assert name_columns(text, labels) == (
        "E-mail (login): not an e-mail address; Telefon/Mobil: not a phone number"
    )
    assert name_columns("company_name: required", labels) == "Firma: required"
    # a field no column is mapped to, and a message without a field, are left as they are
    assert name_columns("city: too long", labels) == "city: too long"
    assert name_columns("unknown status 'Guld': create it", labels).startswith("unknown status")
    assert name_columns(None, labels) is None


def test_the_file_rules_name_the_mapped_columns():
    columns = {"Jméno": "first_name", "E-mail (login)": "email", "Firma?": "company"}
    rows = make_processor("customers", list(columns), columns, {})
    verdict = rows.process(2, ["", "ř@x.cz", "kanske"])
    messages = dict(verdict.errors)
    assert messages["company"].startswith('Firma? "kanske" is neither yes')
    assert messages["email"].startswith('E-mail (login) "ř@x.cz" is not an e-mail')
    groups = make_processor(
        "groups", ["Skupina", "Popis"], {"Skupina": "name", "Popis": "description"}, {}
    )
    assert groups.process(2, ["", "x"]).errors == (("name", "Skupina is empty; this row needs it"),)


def test_an_extended_fields_refusal_names_its_column_and_the_value_goes_as_extra_fields():
    columns = {"Förnamn": "first_name", "Nivå": "extra_fields.level", "Sedan": "extra_fields.since"}
    labels = labels_of({"columns": columns})
    text = 'extra_fields.level: "Platina" is not one of Brons, Guld'
    assert name_columns(text, labels) == 'Nivå: "Platina" is not one of Brons, Guld'
    rows = make_processor("customers", list(columns), columns, {})
    verdict = rows.process(2, ["Åsa", "guld", ""])
    assert verdict.fields["extra_fields"] == {"level": "guld"}  # an empty cell sends nothing
    assert "extra_fields.level" not in verdict.fields
    assert "extra_fields" not in rows.process(3, ["Bo", "", ""]).fields
