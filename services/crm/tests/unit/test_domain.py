"""The CRM's rules without I/O: colours by the local day, labels, card fields, suppression."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from crm.domain import InvalidInput, cards, labels, mailouts, preferences, tasks

STOCKHOLM = "Europe/Stockholm"
# 23:30 UTC on 1 December is already 2 December in Stockholm.
LATE = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("remind_at", "expected"),
    [
        (None, "white"),
        (datetime(2026, 12, 1, 22, 59, tzinfo=UTC), "red"),  # 1 Dec 23:59 local: yesterday
        (datetime(2026, 12, 1, 23, 0, tzinfo=UTC), "blue"),  # 2 Dec 00:00 local
        (datetime(2026, 12, 2, 22, 59, tzinfo=UTC), "blue"),  # 2 Dec 23:59 local
        (datetime(2026, 12, 2, 23, 0, tzinfo=UTC), "white"),  # 3 Dec
    ],
)
def test_colours_follow_the_local_day_not_utcs(remind_at, expected):
    assert tasks.colour(remind_at, LATE, STOCKHOLM) == expected


def test_the_same_moment_is_another_day_in_another_zone():
    remind_at = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert tasks.colour(remind_at, LATE, STOCKHOLM) == "red"
    assert tasks.colour(remind_at, LATE, "UTC") == "blue"


def test_a_to_do_links_a_card_of_its_kind():
    person = SimpleNamespace(kind="person")
    tasks.check_link("private", None)
    tasks.check_link("person", person)
    for kind, contact in [("private", person), ("person", None), ("company", person)]:
        with pytest.raises(InvalidInput) as caught:
            tasks.check_link(kind, contact)
        assert "contact_id" in caught.value.errors


def test_a_private_to_do_is_its_creators_alone():
    private = SimpleNamespace(kind="private", created_by="u1")
    assert tasks.visible_to(private, "u1") and not tasks.visible_to(private, "u2")
    assert tasks.visible_to(SimpleNamespace(kind="person", created_by="u1"), "u2")


def test_label_names_are_trimmed_and_bounded():
    assert labels.clean_name("  Call   customer ") == "Call customer"
    for bad in ("", "   ", "x" * 101):
        with pytest.raises(InvalidInput):
            labels.clean_name(bad)


def test_a_label_chosen_must_be_in_use_and_of_the_kind():
    tag = SimpleNamespace(kind="tag", name="Gold", archived_at=None, applies_to="person")
    labels.ensure_choosable(tag, "tag", "tag_ids", "person")
    for label, kind, applies_to in [
        (None, "tag", None),
        (tag, "task_type", None),
        (tag, "tag", "company"),
        (SimpleNamespace(**{**vars(tag), "archived_at": LATE}), "tag", None),
    ]:
        with pytest.raises(InvalidInput):
            labels.ensure_choosable(label, kind, "tag_ids", applies_to)


def test_card_fields_for_the_registry_are_checked_by_its_rules():
    fields = cards.registry_fields(
        "person", {"first_name": " Åsa ", "email": "ASA@Example.se", "phone": "070-1234567"}, "SE"
    )
    assert fields == {
        "first_name": "Åsa",
        "last_name": None,
        "email": "asa@example.se",
        "phone": "+46701234567",
    }
    assert cards.registry_fields("company", {}, "SE") == {
        "company_name": None,
        "email": None,
        "phone": None,
    }
    with pytest.raises(InvalidInput) as caught:
        cards.registry_fields("person", {"email": "åsa@x", "phone": "abc"}, "SE")
    assert set(caught.value.errors) == {"email", "phone"}


def test_statuses_and_company_links():
    assert cards.check_status("former") == "former"
    with pytest.raises(InvalidInput):
        cards.check_status("lost")
    company = SimpleNamespace(kind="company")
    cards.check_company_link("person", company)
    cards.check_company_link("company", None)
    for kind, linked in [("company", company), ("person", SimpleNamespace(kind="person"))]:
        with pytest.raises(InvalidInput):
            cards.check_company_link(kind, linked)


def test_suppression_reasons_and_one_mail_per_address():
    seen: set[str] = set()

    def card(email, bad=False):
        return SimpleNamespace(email=email, bad_address=bad)

    assert mailouts.suppression(card("a@x.se"), seen) is None
    assert mailouts.suppression(card("A@x.se"), seen) == "duplicate_address"
    assert mailouts.suppression(card(None), seen) == "no_email"
    assert mailouts.suppression(card("b@x.se", bad=True), seen) == "bad_address"


def test_settings_checks():
    assert preferences.check_timezone("Europe/Helsinki") == "Europe/Helsinki"
    with pytest.raises(InvalidInput):
        preferences.check_timezone("Mars/Olympus")
    assert preferences.check_role(None, set(), "responsible_role") is None
    with pytest.raises(InvalidInput):
        preferences.check_role("wizard", {"manager"}, "responsible_role")
