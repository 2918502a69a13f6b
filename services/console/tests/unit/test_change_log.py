"""The card's change log in words: who changed what, on the installation's clock, with the
field's label, values as people read them and the ids the card knows named."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from console_fakes import answer  # noqa: E402

PERSON = "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10"
DESK = "3c1d8f2e-0b7a-4e59-8a61-2f4d5c6b7a81"
CARD = {
    "id": PERSON,
    "kind": "person",
    "display_name": "Maria Lindström",
    "groups": [{"id": "g-1", "name": "Juniors", "role": "member"}],
    "statuses": [{"id": "s-1", "name": "VIP"}],
    "interests": [],
}
CHANGES = [
    {
        "changed_at": "2026-07-01T02:30:00+00:00",
        "changed_by": "service:imports",
        "field": "created",
        "old": None,
        "new": {"first_name": "Maria", "personnummer": "196905029317", "phone": "+46701234567"},
    },
    {
        "changed_at": "2026-12-04T08:00:00+00:00",
        "changed_by": DESK,
        "field": "groups.member",
        "old": None,
        "new": "g-1",
    },
    {
        "changed_at": "2026-12-04T08:01:00+00:00",
        "changed_by": DESK,
        "field": "interests",
        "old": [],
        "new": ["i-1", "i-gone"],
    },
    {
        "changed_at": "2026-12-04T08:02:00+00:00",
        "changed_by": DESK,
        "field": "city",
        "old": "Lund",
        "new": "Umeå",
    },
]


@pytest.fixture
def card(signed_in, gateway):
    gateway.permissions = ["registry.persons.read", "registry.changes.read", "identity.users.read"]
    gateway.on("GET", f"/api/registry/persons/{PERSON}", 200, CARD)
    gateway.on("GET", f"/api/registry/persons/{PERSON}/changes", 200, CHANGES)
    gateway.on("GET", "/api/registry/interest-areas", 200, [{"id": "i-1", "name": "Yoga"}])
    gateway.on("GET", f"/api/identity/users/{DESK}", 200, {"id": DESK, "username": "kassa.ida"})
    return signed_in


def _rows(page: str) -> list[list[str]]:
    table = page[page.index('<table id="changes">') : page.index("</table>", page.index("changes"))]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
        if "<td>" in row
    ]


def test_each_change_says_when_who_what_and_the_values_in_words(card):
    rows = _rows(card.get(f"/persons/{PERSON}").text)
    assert rows == [
        [
            "2026-07-01 04:30",  # 02:30 UTC, Stockholm summer time
            "an import",
            "Registered",
            "",
            "First name: Maria · Personnummer: 19690502-9317 · Phone: +46 70 123 45 67",
        ],
        ["2026-12-04 09:00", "kassa.ida", "Member of group", "", "Juniors"],
        ["2026-12-04 09:01", "kassa.ida", "Interests", "", "Yoga, i-gone"],  # gone: its id
        ["2026-12-04 09:02", "kassa.ida", "City", "Lund", "Umeå"],
    ]


def test_the_times_follow_the_installations_time_zone(card, gateway):
    gateway.permissions = [*gateway.permissions, "crm.contacts.read"]
    gateway.on("GET", "/api/crm/settings", 200, {"timezone": "America/New_York"})
    gateway.routes[("GET", f"/api/crm/persons/{PERSON}")] = lambda **_kw: answer(404)
    rows = _rows(card.get(f"/persons/{PERSON}").text)
    assert rows[0][0] == "2026-06-30 22:30" and rows[1][0] == "2026-12-04 03:00"
