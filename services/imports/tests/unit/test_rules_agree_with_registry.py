"""What a dry run accepts the import writes; what it refuses the registry refuses too.

imports judges a file's e-mails and personnummer before anything is sent, and the registry
judges them again when it stores the person. Both call foyer_shared.identifiers; this test
keeps it so by feeding the same values to both sides (the registry package is installed beside
imports in the repo's environment)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from foyer_shared.identifiers import EMAIL_RULE
from imports.domain.rows.customers import CustomerRows
from imports.domain.rows.verdict import ERROR
from registry.domain import InvalidInput
from registry.domain.person_input import clean

TODAY = datetime.date.today()
FIELDS = ["first_name", "last_name", "personnummer", "email"]

# Mostly near-misses of real values, where two rules are likeliest to disagree.
emails = st.one_of(
    st.from_regex(
        r"[a-zA-Z0-9.åÖæøéüčř_+ @-]{0,12}@[a-z0-9.åø_-]{0,12}(\.[a-z0-9-]{0,4})?", fullmatch=True
    ),
    st.text(max_size=20),
)
personnummer = st.one_of(
    st.from_regex(r"(19|20)?[0-9]{6}[-+ ]?[0-9]{4}", fullmatch=True),
    st.from_regex(r"[0-9 +-]{8,14}", fullmatch=True),
    st.text(max_size=14),
)


def _import_refuses(field: str, pn: str = "", email: str = "") -> bool:
    verdict = CustomerRows(list(enumerate(FIELDS)), today=TODAY).process(2, ["A", "B", pn, email])
    return verdict.status == ERROR and any(name == field for name, _ in verdict.errors)


def _registry_refuses(field: str, value: str) -> bool:
    try:
        clean({"first_name": "A", "last_name": "B", field: value}, "person", "SE", creating=True)
    except InvalidInput as exc:
        return field in exc.errors
    return False


@settings(max_examples=400, deadline=None)
@given(emails)
@example("a.b@c")
@example("a@b.")
@example("a@@b.se")
@example("åsa@x.se")
@example("søren@x.dk")
@example("čapek@x.cz")
@example("josé@x.es")
def test_email_judged_alike(value):
    if not value.strip():
        return  # an empty cell is no e-mail at all, on both sides
    assert _import_refuses("email", email=value) == _registry_refuses("email", value.strip())


def test_every_letter_outside_ascii_gets_the_message_of_å_ä_ö_on_both_sides():
    for value in ("åsa@x.se", "søren@x.dk", "æble@x.dk", "müller@x.de", "řeka@x.cz"):
        verdict = CustomerRows(list(enumerate(FIELDS)), today=TODAY).process(
            2, ["A", "B", "", value]
        )
        assert verdict.errors[0][1].endswith(EMAIL_RULE)
        with pytest.raises(InvalidInput) as refused:
            clean({"first_name": "A", "last_name": "B", "email": value}, "person", "SE", True)
        assert EMAIL_RULE in str(refused.value.errors["email"])


@settings(max_examples=400, deadline=None)
@given(personnummer)
@example("19811218-9876")
@example("811218+9876")
@example("19811318-9876")
def test_personnummer_judged_alike(value):
    if not value.strip():
        return
    assert _import_refuses("personnummer", pn=value) == _registry_refuses(
        "personnummer", value.strip()
    )
