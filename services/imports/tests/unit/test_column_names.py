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
