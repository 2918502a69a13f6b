"""Each row rule on its own, with rows built in the test."""

from __future__ import annotations

import datetime

import pytest

from imports.domain.rows.customers import CustomerRows
from imports.domain.rows.usernames import UsernamePool, ascii_fold
from imports.domain.rows.verdict import ERROR, OK, SET_ASIDE, SKIPPED

TODAY = datetime.date(2026, 11, 29)
FIELDS = [
    "first_name",
    "last_name",
    "name",
    "personnummer",
    "email",
    "company",
    "username",
    "family",
]


def rows(**options):
    processor = CustomerRows(list(enumerate(FIELDS)), today=TODAY, **options)

    def judge(
        row_no=2, first="", last="", name="", pn="", email="", company="", username="", family=""
    ):
        return processor.process(row_no, [first, last, name, pn, email, company, username, family])

    return judge


@pytest.mark.parametrize("email", ["a at b.se", "a@bse", "åsa@b.se", "Östen@b.se", "a b@c.se"])
def test_bad_email_is_an_error_naming_the_value(email):
    verdict = rows()(first="A", last="B", email=email)
    assert verdict.status == ERROR
    assert verdict.errors[0][0] == "email" and email in verdict.errors[0][1]


def test_empty_email_is_fine_and_username_comes_from_the_name():
    verdict = rows()(first="Åsa", last="Öberg")
    assert verdict.status == OK
    assert verdict.fields["username"] == "asaoberg"
    assert "username from name" in verdict.notes


def test_username_column_wins_over_email():
    verdict = rows()(first="A", last="B", email="a@b.se", username="abbe")
    assert verdict.fields["username"] == "abbe"


def test_taken_username_in_column_is_an_error():
    judge = rows()
    judge(2, first="A", last="B", username="abbe")
    assert judge(3, first="C", last="D", username="ABBE").errors[0][0] == "username"


def test_generated_usernames_are_numbered_when_taken():
    judge = rows()
    names = [judge(n, first="Anna", last="Öberg").fields["username"] for n in range(2, 5)]
    assert names == ["annaoberg", "annaoberg2", "annaoberg3"]


def test_duplicate_email_first_keeps_it_later_ones_get_names():
    judge = rows()
    first = judge(2, first="Anna", last="Berg", email="Anna@x.se")
    second = judge(3, first="Anna", last="Berg", email="anna@X.se")
    third = judge(4, first="Anna", last="Berg", email="anna@x.se")
    assert first.fields["username"] == "anna@x.se" and first.duplicate_of is None
    assert (second.duplicate_of, second.fields["username"]) == (2, "annaberg")
    assert (third.duplicate_of, third.fields["username"]) == (2, "annaberg2")


def test_same_family_may_share_an_email():
    judge = rows()
    judge(2, first="Anna", last="Berg", email="fam@x.se", family="F1")
    child = judge(3, first="Olle", last="Berg", email="fam@x.se", family="F1")
    stranger = judge(4, first="Eva", last="Ek", email="fam@x.se", family="F2")
    assert child.status == OK and child.duplicate_of is None
    assert child.fields["username"] == "olleberg"
    assert stranger.duplicate_of == 2


@pytest.mark.parametrize("flag", ["1", "true", "TRUE", "True", "ja"])
def test_company_flag_yes(flag):
    verdict = rows()(name="Friskvård AB", company=flag)
    assert verdict.status == OK and verdict.company
    assert verdict.fields["kind"] == "company" and verdict.fields["username"] == "friskvardab"


@pytest.mark.parametrize("flag", ["kanske", "2", "y"])
def test_unrecognised_company_flag_is_an_error(flag):
    verdict = rows()(name="Friskvård AB", company=flag)
    assert verdict.status == ERROR and verdict.errors[0][0] == "company"
    assert flag in verdict.errors[0][1]


def test_company_without_name_is_an_error():
    assert rows()(company="1", email="a@b.se").errors[0][0] == "name"


def test_name_split_for_person_with_empty_first_and_last():
    verdict = rows()(name="Per Ekström Lund")
    assert (verdict.fields["first_name"], verdict.fields["last_name"]) == ("Per", "Ekström Lund")
    assert "name split" in verdict.notes


def test_row_without_any_name_is_an_error():
    assert rows()(email="a@b.se").errors[0][0] == "first_name"


def test_empty_row_is_skipped():
    assert rows()(first="  ").status == SKIPPED


def test_set_aside_without_personnummer_only_with_the_option():
    assert rows()(first="A", last="B").status == OK
    judge = rows(set_aside_without_personnummer=True)
    assert judge(first="A", last="B").status == SET_ASIDE
    assert judge(first="A", last="B", pn="19570426-5189").status == OK
    assert judge(name="X AB", company="1").status == OK  # companies have no personnummer


def test_ascii_fold_and_pool():
    assert ascii_fold("Søren Ærø-Müller Štěpán") == "soren aeromullerstepan".replace(" ", "")
    pool = UsernamePool()
    pool.take("anna")
    assert pool.from_name("An", "na") == "anna2"


def test_groups_members_and_statuses_check_their_required_fields():
    from imports.domain.rows.factory import make_processor

    groups = make_processor(
        "groups", ["Namn", "Beskrivning"], {"Namn": "name", "Beskrivning": "description"}, {}
    )
    assert groups.process(2, [" Yoga ", "Tisdagar"]).fields == {
        "name": "Yoga",
        "description": "Tisdagar",
    }
    missing = groups.process(3, ["", "Utan namn"])
    assert (missing.status, missing.errors[0][0]) == (ERROR, "name")
    assert groups.process(4, ["", ""]).status == SKIPPED
    members = make_processor(
        "group_members", ["Grupp", "E-post"], {"Grupp": "group", "E-post": "email"}, {}
    )
    assert members.process(2, ["", "a@b.se"]).errors[0][0] == "group"
    statuses = make_processor("statuses", ["Status"], {"Status": "name"}, {})
    assert statuses.process(2, ["VIP"]).status == OK


def test_given_username_against_emails():
    judge = rows()
    assert judge(2, first="A", last="B", email="a@x.se", username="a@x.se").status == OK
    taken = judge(3, first="C", last="D", username="A@X.se")  # row 2's e-mail is its username
    assert taken.errors[0][0] == "username"
    first = judge(4, first="E", last="F", email="e@x.se")
    assert first.fields["username"] == "e@x.se"
    assert judge(5, first="G", last="H", email="e@x.se", username="e@x.se").status == ERROR


def test_seen_map_grows_and_remembers():
    from imports.domain.rows.seen import SeenMap

    seen = SeenMap(capacity=4, tags=True)
    for n in range(1000):
        assert seen.first(f"k{n}", n, n + 7) is None
    assert seen.first("k999", 5) == (999, 1006)
    assert "k0" in seen and "nope" not in seen


def test_an_org_number_belongs_to_a_company_row():
    columns = list(enumerate(["name", "company", "org_number", "first_name", "last_name"]))
    processor = CustomerRows(columns, today=TODAY)
    company = processor.process(2, ["Friskvård AB", "1", "556677-8899", "", ""])
    assert company.status == OK and company.fields["org_number"] == "556677-8899"
    person = processor.process(3, ["", "", "556677-8899", "Åsa", "Berg"])
    assert person.status == ERROR and person.errors[0][0] == "org_number"
    assert "556677-8899" in person.errors[0][1]


def test_a_statuses_description_column_is_not_suggested_as_the_registry_keeps_none():
    """A status is only its name in the registry: a suggested "description" was accepted and
    then silently dropped."""
    from imports.domain.suggest import suggest_mapping

    assert suggest_mapping("statuses", ["Kundstatus", "Beskrivning"]) == {
        "Kundstatus": "name",
        "Beskrivning": None,
    }
    assert suggest_mapping("groups", ["Namn", "Beskrivning"]) == {
        "Namn": "name",
        "Beskrivning": "description",
    }
