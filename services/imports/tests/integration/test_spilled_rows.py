"""The sender's temporary file of batched rows (a dry run's earlier rows are read from it)."""

from __future__ import annotations

import pytest

from imports.repository.spilled_rows import SpilledRows


def test_rows_come_back_by_number_in_the_order_asked(tmp_path):
    with SpilledRows(tmp_path) as spilled:
        spilled.add({"row_no": 2, "first_name": "Åsa", "personnummer": "198102030000"})
        spilled.add({"row_no": 5, "first_name": "Jiří", "tags": ["a", "b"]})  # 3, 4: not batched
        spilled.add({"row_no": 6, "first_name": "Søren", "duplicate_of_row": 2})
        assert spilled.rows([6, 2]) == [
            {"row_no": 6, "first_name": "Søren", "duplicate_of_row": 2},
            {"row_no": 2, "first_name": "Åsa", "personnummer": "198102030000"},
        ]
        assert spilled.rows([5]) == [{"row_no": 5, "first_name": "Jiří", "tags": ["a", "b"]}]


@pytest.mark.parametrize("row_no", [3, 4, 7, 1000])
def test_a_row_that_was_not_batched_is_refused(tmp_path, row_no):
    with SpilledRows(tmp_path) as spilled:
        spilled.add({"row_no": 2})
        spilled.add({"row_no": 5})
        with pytest.raises(KeyError, match=f"row {row_no} was not batched"):
            spilled.rows([row_no])


def test_rows_must_be_added_in_file_order(tmp_path):
    with SpilledRows(tmp_path) as spilled:
        spilled.add({"row_no": 5})
        with pytest.raises(ValueError, match="row 4 came after a later row"):
            spilled.add({"row_no": 4})


def test_the_file_leaves_nothing_behind(tmp_path):
    """Unnamed: a sender that dies leaves no file of personal data in the upload folder."""
    folder = tmp_path / "uploads"
    with SpilledRows(folder) as spilled:
        spilled.add({"row_no": 2, "first_name": "Åsa"})
        assert list(folder.iterdir()) == []
    assert list(folder.iterdir()) == []
