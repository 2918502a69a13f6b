"""Person fields from any source (API, import row, bulk change) refuse control characters."""

import pytest

from registry.domain import InvalidInput, person_input


def test_a_control_character_in_an_imported_name_is_an_error_naming_the_field():
    with pytest.raises(InvalidInput) as caught:
        person_input.clean(
            {"first_name": "Å\x00sa", "last_name": "Berg\tström", "city": "Lund"},
            "person",
            "SE",
            creating=True,
        )
    assert set(caught.value.errors) == {"first_name", "last_name"}
    assert "U+0000" in caught.value.errors["first_name"][0]


def test_notes_keep_line_breaks_and_tabs():
    cleaned = person_input.clean(
        {"first_name": "Åsa", "last_name": "Berg", "note": "rad ett\nrad\ttvå"},
        "person",
        "SE",
        creating=True,
    )
    assert cleaned["note"] == "rad ett\nrad\ttvå"
