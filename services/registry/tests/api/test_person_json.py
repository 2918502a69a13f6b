"""The person GET's JSON (api/person_json.py, no marshmallow) equals PersonOut's dump."""

from __future__ import annotations

from registry_testing import pnr

from registry.api.person_json import person_json
from registry.api.schemas import PersonOut
from registry.models.person import EDITABLE_FIELDS
from registry.permissions import PERSONS_READ
from registry.use_cases import Actor
from registry.use_cases.persons import get_person, read_card
from registry.use_cases.unit_of_work import SqlUnitOfWork

STAFF = Actor(user_id="u-staff", permissions=frozenset({"*"}), scopes={})
FILLED = {
    "first_name": "Åsa",
    "last_name": "Lindström",
    "personnummer": pnr("19811218", "987"),
    "email": "asa@example.se",
    "phone": "070-123 45 67",
    "mobile_phone": "+46701234568",
    "address": "Storgatan 1",
    "postal_code": "11122",
    "city": "Stockholm",
    "country": "SE",
    "language": "sv",
    "remind_by_email": False,
    "remind_by_sms": True,
    "note": "a note\non two lines",
    "important_note": "allergic",
    "external_number": "M-1001",
    "home_facility": "Hallen",
}


def _fill_every_segment(api, person: dict) -> None:
    other, pid = api.person(first_name="Kim"), person["id"]
    risk = {"key": "risk", "label": "Risk", "type": "list", "options": ["x"], "staff_only": True}
    status, yoga, group = (
        api.post(path, {"name": name}).json
        for path, name in (("/statuses", "VIP"), ("/interest-areas", "Yoga"), ("/groups", "P12"))
    )
    family = {"name": "F", "head_id": pid, "members": [{"person_id": other["id"], "rights": []}]}
    calls = [
        api.post("/fields", {"key": "size", "label": "Size", "type": "number"}),
        api.post("/fields", risk),
        api.patch(f"/persons/{pid}", {"extra_fields": {"size": 40, "risk": "x"}}),
        api.put(f"/persons/{pid}/statuses/{status['id']}"),
        api.put(f"/persons/{pid}/interests", {"interest_ids": [yoga["id"]]}),
        api.post(f"/groups/{group['id']}/members", {"person_id": pid, "role": "leader"}),
        api.post("/families", family),
        api.post(f"/persons/{pid}/relations", {"to_person_id": other["id"], "type": "parent"}),
    ]
    assert all(response.status_code < 300 for response in calls), [c.json for c in calls]


def test_the_read_path_json_equals_the_schema_dump_for_a_fully_filled_person(api, db):
    person = api.person(**FILLED)
    _fill_every_segment(api, person)
    themselves = Actor("u-me", frozenset({PERSONS_READ}), {"person_id": person["id"]})
    shown = []
    for actor in (STAFF, themselves):  # staff see statuses and staff-only values; they do not
        fast = person_json(read_card(SqlUnitOfWork(db), actor, person["id"]))
        assert fast == PersonOut().dump(get_person(SqlUnitOfWork(db), actor, person["id"]))
        shown.append(fast)
    staff, own = shown
    assert set(FILLED) <= set(staff) and all(staff[k] is not None for k in FILLED)
    assert staff["extra_fields"] == {"size": 40, "risk": "x"} and staff["statuses"]
    assert staff["interests"] and staff["groups"] and staff["family"] and staff["relations"]
    assert own["extra_fields"] == {"size": 40} and "statuses" not in own
    assert api.get(f"/persons/{person['id']}").json == staff


def test_a_company_too(api, db):
    company = api.post(
        "/persons",
        {"kind": "company", "company_name": "Lindab AB", "org_number": "5560360793"}
        | {f: "x" for f in EDITABLE_FIELDS if f.startswith(("invoice_", "visiting_"))},
    ).json
    fast = person_json(read_card(SqlUnitOfWork(db), STAFF, company["id"]))
    assert fast == PersonOut().dump(get_person(SqlUnitOfWork(db), STAFF, company["id"]))
    assert fast["display_name"] == "Lindab AB"
