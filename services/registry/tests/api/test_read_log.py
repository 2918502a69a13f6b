"""GET /persons/{id}/reads (issue 23 §4): a staff read of a card is listed to those with the
permission; the desk does not see the log; an erased person's reads go with them."""

from __future__ import annotations


def test_who_read_the_card_is_listed_for_the_permission(api):
    person = api.person(first_name="Read")
    desk = api.as_(role="receptionist", user_id="u-desk")
    assert desk.get(f"/persons/{person['id']}").status_code == 200
    assert desk.get(f"/persons/{person['id']}/reads").status_code == 403
    listed = api.as_(role="manager", user_id="u-manager").get(f"/persons/{person['id']}/reads")
    assert listed.status_code == 200
    assert [r["viewer"] for r in listed.json] == ["u-desk"]
    assert listed.json[0]["read_at"].endswith("+00:00")


def test_the_reads_of_an_erased_person_go_with_them(api, db):
    from sqlalchemy import func, select

    from registry.models import PersonRead

    person = api.person(first_name="Gone")
    api.get(f"/persons/{person['id']}")
    assert api.get(f"/persons/{person['id']}/reads").json  # written
    assert api.delete(f"/persons/{person['id']}").status_code == 204
    with db.read_only() as session:
        left = session.scalar(select(func.count()).where(PersonRead.person_id == person["id"]))
    assert left == 0


def test_a_read_of_a_person_erased_before_the_log_is_written_does_not_lose_the_others(api, db):
    from foyer_shared.db import utcnow
    from registry.repository.reads import Reads

    kept = api.person(first_name="Kept")
    with db.transaction() as session:
        Reads(session).add_alive(
            [
                {"person_id": kept["id"], "viewer": "u-1", "read_at": utcnow(), "what": "card"},
                {
                    "person_id": "00000000-0000-4000-8000-000000000000",
                    "viewer": "u-1",
                    "read_at": utcnow(),
                    "what": "card",
                },
            ]
        )
    assert [r["viewer"] for r in api.get(f"/persons/{kept['id']}/reads").json] == ["u-1"]
