"""A dry run's rows name the earlier rows they depend on, as the run will apply them."""

from __future__ import annotations

from imports.domain.earlier_rows import MOST_EARLIER_ROWS, EarlierRows
from imports.domain.rows.seen import SeenMap


def person(row_no: int, pnr: str, **extra) -> dict:
    return {
        "row_no": row_no,
        "first_name": "Åsa",
        "last_name": "Berg",
        "personnummer": pnr,
        "kind": "person",
        **extra,
    }


def test_a_repeated_key_depends_on_every_earlier_row_with_it():
    earlier = EarlierRows("personnummer")
    assert earlier.of(person(2, "198102030000")) == ()
    assert earlier.of(person(3, "198102030001")) == ()
    assert earlier.of(person(4, "198102030000")) == (2,)
    assert earlier.of(person(5, "198102030000")) == (2, 4)


def test_dependencies_are_followed_through_other_keys():
    """Row 4 meets row 2 by e-mail and row 3 by personnummer, so a row repeating row 4's
    personnummer needs rows 2 and 3 first, then 4; one repeating only row 3's e-mail, row 3."""
    earlier = EarlierRows("email")
    earlier.of(person(2, "198102030000", email="a@x.se"))
    earlier.of(person(3, "198102030001", email="b@x.se"))
    assert earlier.of(person(4, "198102030001", email="A@x.se ")) == (2, 3)
    assert earlier.of(person(5, "198102030009", email="b@x.se")) == (3,)
    assert earlier.of(person(6, "198102030001", email="c@x.se")) == (2, 3, 4)


def test_an_e_mail_is_no_key_unless_matched_on():
    earlier = EarlierRows("personnummer")
    earlier.of(person(2, "198102030000", email="a@x.se"))
    assert earlier.of(person(3, "198102030001", email="a@x.se")) == ()


def test_an_employee_depends_on_the_latest_company_of_that_name_not_on_other_employees():
    earlier = EarlierRows("personnummer")
    earlier.of({"row_no": 2, "kind": "company", "name": "Friskvård AB"})
    assert earlier.of({"row_no": 3, "kind": "company", "name": "Friskvård AB"}) == ()
    assert earlier.of(person(4, "198102030000", company="friskvård ab ")) == (3,)
    assert earlier.of(person(5, "198102030001", company="Friskvård AB")) == (3,)


def test_a_key_repeated_very_often_keeps_the_latest_rows():
    earlier = EarlierRows("personnummer")
    for row_no in range(2, MOST_EARLIER_ROWS + 10):
        got = earlier.of(person(row_no, "198102030000"))
    assert len(got) == MOST_EARLIER_ROWS and got[-1] == MOST_EARLIER_ROWS + 8


def test_seen_map_keeps_the_latest_row_through_growth():
    seen = SeenMap(capacity=4)
    for n in range(100):
        seen.swap(f"k{n % 30}", n)
    assert [seen.get(f"k{n}") for n in (0, 29)] == [90, 89]
    assert seen.get("nope") is None
