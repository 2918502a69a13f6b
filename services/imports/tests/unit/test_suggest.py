"""The suggested mapping: headers joining two names, and the look-alikes left unmapped."""

from imports.domain.suggest import explain_mapping, parts_of, suggest_mapping


def test_a_header_joining_two_names_maps_through_the_part_that_is_a_synonym():
    explained = explain_mapping("customers", ["Rodné číslo / personnummer", "E-mail (login)"])
    assert explained["Rodné číslo / personnummer"] == {
        "field": "personnummer",
        "matched": "personnummer",
        "note": None,
    }
    # "login" is a name of username too: the first known part wins, the column is one field
    assert explained["E-mail (login)"]["field"] == "email"
    assert explained["E-mail (login)"]["matched"] == "E-mail"


def test_a_whole_header_is_matched_before_its_parts():
    assert explain_mapping("customers", ["Org.nr"])["Org.nr"]["matched"] == "Org.nr"
    assert parts_of("Telefon / Mobil (privat)") == ["Telefon", "Mobil", "privat"]


def test_a_part_whose_field_is_taken_gives_way_to_the_next_part():
    mapping = suggest_mapping("customers", ["E-post", "E-mail (login)"])
    assert mapping == {"E-post": "email", "E-mail (login)": "username"}


def test_a_joined_header_without_a_known_part_stays_unmapped():
    assert suggest_mapping("customers", ["Poznámka / Note"]) == {"Poznámka / Note": None}


def test_a_danish_cpr_column_is_not_taken_for_a_personnummer_and_says_why():
    """DDMMYY-NNNN read as YYMMDD-NNNN fails Luhn on most rows and on the rest gives a wrong
    birth date (010190 → 2001-01-30 as a samordningsnummer): not suggested, with a note."""
    for header in ("CPR-nummer", "CPR nr", "cpr"):
        explained = explain_mapping("customers", [header])[header]
        assert explained["field"] is None
        assert "CPR" in explained["note"]
    assert explain_mapping("customers", ["Förnamn"])["Förnamn"]["note"] is None


def test_everyday_short_forms_of_status_and_customer_number_are_understood():
    """Headers real registers use (a Swedish, a Danish, a Czech and an English export)."""
    headers = {
        "Kundnr": "external_number",
        "Medlemsstatus": "status",
    }
    assert suggest_mapping("customers", list(headers)) == headers
    assert suggest_mapping("customers", ["Kundenr.", "Medlemstatus"]) == {
        "Kundenr.": "external_number",
        "Medlemstatus": "status",
    }
    assert suggest_mapping("customers", ["Číslo člena", "Stav"]) == {
        "Číslo člena": "external_number",
        "Stav": "status",
    }
    assert suggest_mapping("customers", ["Member no.", "Member status"]) == {
        "Member no.": "external_number",
        "Member status": "status",
    }
