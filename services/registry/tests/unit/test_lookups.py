"""Look-up rules without I/O: the IČO's check digit, the adapters' parsing of SPAR's gateway and
ARES's answers, the comparison, the fields one may take, and the cache (issue 23 §1)."""

from __future__ import annotations

import datetime

import pytest

from foyer_testing.fake_register import ares_subject, spar_person
from registry.domain import InvalidInput
from registry.domain import lookups as rules
from registry.lookups import Registers, ares, spar


@pytest.mark.parametrize("ico", ["27074358", "25596641", "00006947", "270 743 58"])
def test_valid_icos(ico):
    assert rules.normalise_ico(ico) == ico.replace(" ", "")


@pytest.mark.parametrize("ico", ["27074357", "2707435", "270743580", "2707435a", ""])
def test_invalid_icos(ico):
    with pytest.raises(ValueError):
        rules.normalise_ico(ico)


def test_the_identifier_defaults_to_the_cards_and_a_bad_one_names_its_field():
    assert rules.identifier_for("spar", None, {"personnummer": "198112189876"}) == "198112189876"
    with pytest.raises(InvalidInput) as missing:
        rules.identifier_for("spar", None, {})
    assert "personnummer" in missing.value.errors
    with pytest.raises(InvalidInput) as bad:
        rules.identifier_for("ares", "12345678", {})
    assert "ico" in bad.value.errors


def test_spar_answer_in_card_fields():
    parsed = spar.parse(spar_person("19811218-9876", first_name="Åsa", city="GÖTEBORG"))
    assert parsed == {
        "first_name": "Åsa",
        "last_name": "Lindström",
        "birth_date": datetime.date(1981, 12, 18),
        "sex": "female",
        "address": "Storgatan 1",
        "postal_code": "111 22",
        "city": "Göteborg",
    }
    assert spar.parse({"fornamn": "Åsa Maria", "tilltalsnamn": "Maria"})["first_name"] == "Maria"


def test_ares_answer_in_card_fields():
    parsed = ares.parse(ares_subject("27074358", name="Asseco"))
    assert parsed == {
        "company_name": "Asseco",
        "visiting_address": "Budějovická 778/3a",
        "visiting_postal_code": "140 00",
        "visiting_city": "Praha",
        "country": "CZ",
        "vat_number": "CZ27074358",
    }
    village = {"nazevCastiObce": "Lhota", "cisloDomovni": 12, "nazevObce": "Lhota"}
    assert ares.street_line(village) == "Lhota 12"


@pytest.mark.parametrize("body", [{"fodelsedatum": "not a date"}, {"folkbokforingsadress": 3}])
def test_a_spar_answer_of_another_shape_is_a_register_error(body):
    with pytest.raises(rules.RegisterError):
        spar.parse(body)


def test_comparison_and_choice():
    answer = rules.RegisterAnswer("spar", "198112189876", {"first_name": "Åsa", "city": "Lund"})
    rows = {r["field"]: r for r in rules.compare(answer, {"first_name": "Åsa", "city": ""})}
    assert rows["first_name"]["differs"] is False and rows["city"]["differs"] is True
    assert rows["sex"] == {
        "field": "sex",
        "card": None,
        "register": None,
        "differs": False,
        "takeable": False,
    }
    assert rules.chosen(answer, ["city"]) == {"city": "Lund"}
    for names in ([], ["sex"], ["email"], ["last_name"]):
        with pytest.raises(InvalidInput):
            rules.chosen(answer, names)


class CountingRegister:
    name = "spar"

    def __init__(self, error=None):
        self.asked, self.error = 0, error

    def look_up(self, identifier):
        self.asked += 1
        if self.error:
            raise self.error
        return rules.RegisterAnswer("spar", identifier, {})


def test_only_found_answers_are_cached():
    register = CountingRegister()
    registers = Registers({"spar": register}, cache_seconds=60)
    assert [registers.look_up("spar", "x")[1] for _ in range(3)] == [False, True, True]
    assert register.asked == 1
    failing = CountingRegister(rules.NotInRegister("spar", "not found"))
    registers = Registers({"spar": failing}, cache_seconds=60)
    for _ in range(2):
        with pytest.raises(rules.NotInRegister):
            registers.look_up("spar", "x")
    assert failing.asked == 2


def test_an_unconfigured_register_is_named():
    with pytest.raises(rules.RegisterNotConfigured, match="ares"):
        Registers({}, cache_seconds=60).look_up("ares", "27074358")
