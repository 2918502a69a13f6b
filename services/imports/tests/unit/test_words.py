"""The error file's words: every message has its Swedish, with the same placeholders, and a
row's verdict is the same whatever the reader's language (only its words differ)."""

from __future__ import annotations

from foyer_testing.catalogues import assert_complete
from imports.domain.rows.factory import make_processor
from imports.domain.words import CATALOGUES, gettext_for

HEADER = ["Förnamn", "Efternamn", "Personnummer", "E-post", "Företag", "Orgnr", "Användarnamn"]
COLUMNS = dict(
    zip(
        HEADER,
        ["first_name", "last_name", "personnummer", "email", "company", "org_number", "username"],
        strict=True,
    )
)
ROWS = [
    ["Anna", "Berg", "19690502-9318", "a@b", "x", "", ""],
    ["", "", "", "", "", "556677-8899", ""],
    ["", "", "", "", "1", "", ""],
    ["Eva", "Ek", "19690502-9317", "eva@x.se", "", "", "kalle"],
    ["Olle", "Ek", "", "", "", "", "kalle"],
]


def test_every_message_has_its_swedish_with_the_same_placeholders():
    assert_complete(CATALOGUES, at_least=15)


def test_the_verdicts_do_not_depend_on_the_language_only_their_words_do():
    english = make_processor("customers", HEADER, COLUMNS, {}, language="en")
    swedish = make_processor("customers", HEADER, COLUMNS, {}, language="sv")
    for row_no, cells in enumerate(ROWS, start=2):
        one, other = english.process(row_no, cells), swedish.process(row_no, cells)
        assert (one.status, one.fields, [f for f, _ in one.errors]) == (
            other.status,
            other.fields,
            [f for f, _ in other.errors],
        )
        if one.errors:
            assert one.error_text() != other.error_text()
    words = swedish.process(3, ROWS[1]).error_text()
    assert words == (
        "raden har inget namn (Förnamn eller Efternamn); "
        'Orgnr "556677-8899" på en person: bara en företagsrad (Företag = 1) har ett'
    )
    assert swedish.process(6, ROWS[4]).error_text() == (
        'Användarnamn "kalle" används redan av en tidigare rad'
    )


def test_a_group_row_says_what_is_missing_in_swedish():
    rows = make_processor(
        "groups", ["Grupp", "Beskrivning"], {"Beskrivning": "description"}, {}, language="sv"
    )
    assert "är tom; raden behöver den" in rows.process(2, ["", "Tisdagar"]).error_text()


def test_an_unknown_language_reads_english_and_the_shared_reasons_come_from_shared():
    assert gettext_for("de")("Import error") == "Import error"
    assert gettext_for("sv")("Import error") == "Importfel"
    assert gettext_for("sv")("the check digit is wrong") == "kontrollsiffran stämmer inte"
