"""An imported file's cells as extended field values (field_types.from_text): what
spreadsheets write is taken, anything else is refused in words that follow the quoted cell."""

import pytest

from registry.domain.field_types import from_text

LEVELS = ["Brons", "Silver", "Guld"]


@pytest.mark.parametrize(
    ("field_type", "options", "text", "value"),
    [
        ("checkbox", [], "Ja", True),
        ("checkbox", [], "x", True),
        ("checkbox", [], "0", False),
        ("checkbox", [], "nej", False),
        ("list", LEVELS, "guld", "Guld"),
        ("multi_select", LEVELS, "guld, brons", ["Brons", "Guld"]),
        ("multi_select", LEVELS, "Silver;Guld", ["Silver", "Guld"]),
        ("date", [], "2026-05-01", "2026-05-01"),
        ("date", [], "2026-05-01 00:00:00", "2026-05-01"),
        ("datetime", [], "2026-05-01T10:00:00+02:00", "2026-05-01T10:00:00+02:00"),
        ("price", [], "1 299,5", "1299.50"),
        ("price", [], "199.50", "199.50"),
        ("number", [], "12,5", 12.5),
        ("number", [], "1\u00a0200", 1200),
        ("long_text", [], "Allergisk mot nötter", "Allergisk mot nötter"),
    ],
)
def test_what_a_spreadsheet_writes_is_taken(field_type, options, text, value):
    assert from_text(field_type, options, text) == value


@pytest.mark.parametrize(
    ("field_type", "options", "text", "says"),
    [
        ("checkbox", [], "kanske", "is neither yes (1/ja/yes/x) nor no (0/nej/no)"),
        ("list", LEVELS, "Platina", "is not one of Brons, Silver, Guld"),
        ("multi_select", LEVELS, "Guld, Platina", 'holds "Platina", which is not one of'),
        ("date", [], "1/5/2026", "is not a date such as 2026-05-01"),
        ("date", [], "2026-05-01 10:30:00", "is a date and a time"),
        ("datetime", [], "2026-05-01 10:00", "is not a date and time such as"),
        ("price", [], "-5", "is not accepted: a price is not negative"),
        ("number", [], "many", "is not accepted: must be a number"),
        ("person_ref", [], "Anna Berg", "links to another card"),
    ],
)
def test_anything_else_is_refused_in_words(field_type, options, text, says):
    with pytest.raises(ValueError, match="^" + says.replace("(", r"\(").replace(")", r"\)")):
        from_text(field_type, options, text)
