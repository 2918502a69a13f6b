"""Personnummer, organisation numbers and phone numbers: the rules without I/O."""

import random
from datetime import date

import phonenumbers
import pytest

from foyer_shared import identifiers
from foyer_shared.identifiers import (
    EMAIL_RULE,
    InvalidIdentifier,
    birth_date_of,
    check_digit,
    normalise_email,
    normalise_org_number,
    normalise_personnummer,
    normalise_phone,
)
from foyer_shared.luhn import luhn_ok

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(
    "raw",
    ["19811218-9876", "811218-9876", "8112189876", "198112189876"],
)
def test_all_four_forms_normalise_to_twelve_digits(raw):
    assert normalise_personnummer(raw, TODAY) == "198112189876"


def test_two_digit_year_takes_the_latest_past_century_and_plus_means_hundred_years_older():
    assert normalise_personnummer("101010-1010", TODAY).startswith("2010")
    assert normalise_personnummer("101010+1010", TODAY).startswith("1910")


def test_a_two_digit_birth_date_later_this_year_is_a_century_ago_as_imports_judges_it():
    """Born 15 December '26, entered on 29 November 2026: a centenarian, not a baby born next
    month. The date decides, not only the year (imports/rows/personnummer.py does the same)."""
    december = "261215-" + "123" + check_digit("261215123")
    assert normalise_personnummer(december, TODAY).startswith("1926")
    born_today = "261129-" + "123" + check_digit("261129123")
    assert normalise_personnummer(born_today, TODAY).startswith("2026")


# The last two: other scripts' digits (Arabic-Indic, full-width).
@pytest.mark.parametrize(
    "raw",
    [
        "19811218-9875",
        "1981-12-18",
        "abc",
        "19811318-9876x",
        "١٩٨١١٢١٨-٩٨٧٦",
        "１９８１１２１８９８７６",
    ],
)
def test_wrong_check_digit_or_shape_is_refused(raw):
    with pytest.raises(ValueError):
        normalise_personnummer(raw, TODAY)


def test_impossible_date_is_refused_even_with_a_good_check_digit():
    # 19811340: month 13; check digit made right for the Luhn sum.
    raw = "811340123" + check_digit("811340123")
    with pytest.raises(ValueError, match="date"):
        normalise_personnummer(raw, TODAY)


def test_birth_date_and_samordningsnummer():
    assert birth_date_of("198112189876") == date(1981, 12, 18)
    assert birth_date_of("198112789876") == date(1981, 12, 18)  # day + 60


def test_org_number():
    assert normalise_org_number("5560360793") == "556036-0793"
    assert normalise_org_number("16556036-0793") == "556036-0793"
    with pytest.raises(ValueError):
        normalise_org_number("556036-0794")


def test_phones_become_e164_with_the_default_region():
    assert normalise_phone("070-123 45 67", "SE") == "+46701234567"
    assert normalise_phone("+47 412 34 567", "SE") == "+4741234567"
    with pytest.raises(ValueError):
        normalise_phone("12", "SE")


def test_numbers_from_unassigned_ranges_in_old_registers_are_kept():
    # 071- is not an assigned Swedish range today, but such numbers fill old registers.
    assert normalise_phone("071-979 27 93", "SE") == "+46719792793"
    with pytest.raises(ValueError):
        normalise_phone("070-123 45 67 89 01 23", "SE")


def _library_phone(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "SE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_the_quick_swedish_phone_path_answers_as_the_library_does():
    """The national-notation shortcut must never disagree with phonenumbers."""
    chance = random.Random(7)
    quick = 0
    for _ in range(20_000):
        digits = "0" + "".join(chance.choice("0123456789") for _ in range(chance.randint(1, 14)))
        raw = "".join(d + chance.choice(["", "", "", " ", "-", "  ", " - "]) for d in digits)
        raw = raw.strip(" -") or "0"
        answer = identifiers._swedish_national(raw)
        if answer is not None:
            quick += 1
            assert answer == _library_phone(raw), raw
        try:
            expected = _library_phone(raw)
            assert normalise_phone(raw, "SE") == expected, raw
        except ValueError:
            assert expected is None, raw
    assert quick > 2_000  # the shortcut was really taken, for numbers of every length it knows


# The forms and refusals the import guide promises (they were imports' own copy of the rule).
@pytest.mark.parametrize(
    "raw", ["19570426-5189", "570426-5189", "5704265189", "195704265189", " 19570426-5189 "]
)
def test_import_forms_personnummer_forms_become_twelve_digits(raw):
    assert normalise_personnummer(raw.strip(), TODAY) == "195704265189"


def test_import_forms_personnummer_century_and_plus():
    assert normalise_personnummer("1208144277", TODAY) == "201208144277"
    assert normalise_personnummer("120814+4277", TODAY) == "191208144277"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("19570426-5188", "check digit"),
        ("195704265", "use YYYYMMDD"),
        ("19571326-5188", "date"),
        ("abc", "use YYYYMMDD"),
        ("١٩٥٧٠٤٢٦-٥١٨٩", "use YYYYMMDD"),  # Arabic-Indic digits
        ("１９５７０４２６５１８９", "use YYYYMMDD"),
    ],
)  # full-width
def test_import_forms_personnummer_refused(raw, why):
    with pytest.raises(InvalidIdentifier, match=why):
        normalise_personnummer(raw, TODAY)


def test_personnummer_leap_days():
    assert normalise_personnummer("20000229-0009"[:-1] + _check("0002290000"), TODAY)
    with pytest.raises(InvalidIdentifier, match="date"):
        normalise_personnummer("19000229-000" + _check("0002290000"), TODAY)


def _check(ten: str) -> str:
    return next(d for d in "0123456789" if luhn_ok(ten[:9] + d))


@pytest.mark.parametrize(
    "address",
    [
        "a@b.se",
        "Anna.Berg+gym@mail.example.com",
        "o'neil@x-y.dk",
        "a_b@sub.domain.cz",
        "x@xn--p1ai.ru",
    ],
)
def test_ordinary_addresses_are_accepted_and_lower_cased(address):
    assert normalise_email(f"  {address} ") == address.lower()


@pytest.mark.parametrize(
    "address",
    # The first three the import's old check let through; the fourth the registry's old one.
    [
        "a.b@c",
        "a@b.",
        "a@@b.se",
        "åsa@x.se",
        "a b@c.se",
        ".a@b.se",
        "a..b@c.se",
        "a@-b.se",
        "a@b.123",
        "a@b.s",
        "a@b_c.se",
        "@b.se",
        "a@",
        "a@b..se",
        "x" * 250 + "@b.se",
    ],
)
def test_malformed_addresses_are_refused_with_the_rule_in_words(address):
    with pytest.raises(InvalidIdentifier) as refused:
        normalise_email(address)
    assert str(refused.value) == EMAIL_RULE


@pytest.mark.parametrize("letter", list("åäöæøéèüčřžšñßıÅÆØÉÜČŘ"))
def test_every_letter_outside_ascii_is_refused_in_the_local_part_with_one_message(letter):
    """The import guide's rule about å, ä and ö holds for every letter outside plain ASCII."""
    for address in (f"{letter}sa@x.se", f"an{letter}a@x.se", f"anna{letter}@x.se"):
        with pytest.raises(InvalidIdentifier) as refused:
            normalise_email(address)
        assert str(refused.value) == EMAIL_RULE
    with pytest.raises(InvalidIdentifier):
        normalise_email(f"anna@ex{letter}mple.se")


def test_the_api_field_applies_the_same_rule():
    from marshmallow import Schema, ValidationError

    from foyer_shared.fields import EmailAddress

    class In(Schema):
        email = EmailAddress(required=True)

    assert In().load({"email": " Anna@Example.SE "}) == {"email": "anna@example.se"}
    for bad in ("åsa@x.se", "a@@b.se", "a@b.se\n"):
        with pytest.raises(ValidationError) as refused:
            In().load({"email": bad})
        assert "email" in refused.value.messages
