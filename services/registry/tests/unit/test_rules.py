"""Extended field types and duplicate levels: the rules without I/O."""

from types import SimpleNamespace

import pytest

from registry.domain.field_types import check
from registry.use_cases.duplicates import judge


@pytest.mark.parametrize(
    ("type_", "value", "stored"),
    [
        ("date", "2026-01-15", "2026-01-15"),
        ("number", "12.50", 12.5),
        ("number", 3, 3),
        ("price", 10, "10.00"),
        ("checkbox", False, False),
        ("multi_select", ["b", "a", "b"], ["a", "b"]),
        (
            "person_ref",
            "6F1C0F3E-8C1D-4B53-9A43-2F1F0B1C2D3E",
            "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e",
        ),
        ("long_text", None, None),
    ],
)
def test_values_are_normalised(type_, value, stored):
    assert check(type_, ["a", "b"], value) == stored


@pytest.mark.parametrize(
    ("type_", "value"),
    [
        ("number", True),
        ("number", "NaN"),
        ("price", "1e400"),
        ("date", 20260115),
        ("checkbox", 1),
        ("list", ["a"]),
        ("multi_select", "a"),
    ],
)
def test_wrong_values_are_refused(type_, value):
    with pytest.raises(ValueError):
        check(type_, ["a", "b"], value)


def person(pid, first="Åsa", last="Berg", email="a@x.se", pnr=None, kind="person"):
    return SimpleNamespace(
        id=pid,
        first_name=first,
        last_name=last,
        email=email,
        personnummer=pnr,
        kind=kind,
        display_name=f"{first} {last}",
    )


def test_levels():
    assert judge(
        person("1", pnr="198112189876"), person("2", email=None, pnr="198112189876"), False
    )["level"] == ("certain")
    assert judge(person("1"), person("2", first="ÅSA "), False)["score"] == 80
    assert judge(person("1"), person("2", first="Kim"), False)["matched"] == ["email"]
    assert judge(person("1"), person("2", first="Kim"), True) is None  # same household
    assert judge(person("1"), person("2", email="b@x.se"), False) is None
    assert judge(person("1", email=None), person("2", email=None), False) is None
