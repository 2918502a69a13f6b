"""Duplicates (levels, household-aware, exceptions, scan) and merge (preview, blockers, moves)."""

from __future__ import annotations

import json

from registry_testing import changed_by_another_writer_before, pnr
from sqlalchemy import update

from foyer_testing import outbox_inserts
from registry.models import Person


def dupes(api, person):
    response = api.get(f"/persons/{person['id']}/duplicates")
    assert response.status_code == 200, response.json
    return {(d["other_id"], d["level"], d["score"], tuple(d["matched"])) for d in response.json}


def test_strong_and_weak_duplicates_with_score_and_fields(api):
    asa = api.person(first_name="Åsa", last_name="Berg", email="asa@x.se")
    twin = api.person(first_name="åsa", last_name="BERG", email="ASA@x.se")
    other = api.person(first_name="Kim", last_name="Berg", email="asa@x.se")
    api.person(first_name="Åsa", last_name="Berg", email="different@x.se")
    assert dupes(api, asa) == {
        (twin["id"], "strong", 80, ("first_name", "last_name", "email")),
        (other["id"], "weak", 40, ("email",)),
    }


def test_family_members_sharing_an_email_are_not_reported(api):
    mum = api.person(first_name="Mia", email="home@x.se")
    kid = api.person(first_name="Kim", email="home@x.se")
    assert {d[0] for d in dupes(api, mum)} == {kid["id"]}
    api.post(
        "/families", {"name": "F", "head_id": mum["id"], "members": [{"person_id": kid["id"]}]}
    )
    assert dupes(api, mum) == set()


def test_not_a_duplicate_exception_and_its_withdrawal(api):
    a = api.person(email="same@x.se")
    b = api.person(email="same@x.se")
    body = {"person_id": b["id"], "other_id": a["id"]}
    assert api.post("/duplicates/exceptions", body).status_code == 204
    assert dupes(api, a) == set()
    assert api.get("/duplicates").json == []
    assert api.delete("/duplicates/exceptions", body).status_code == 204
    assert len(dupes(api, a)) == 1
    assert api.delete("/duplicates/exceptions", body).status_code == 404


def test_scan_lists_every_pair_strongest_first(api):
    a = api.person(first_name="Åsa", last_name="Berg", email="one@x.se")
    api.person(first_name="Åsa", last_name="Berg", email="one@x.se")
    api.person(first_name="Kim", email="one@x.se")
    api.person(email="two@x.se")
    response = api.get("/duplicates")
    assert json.loads(response.headers["X-Pagination"])["total"] == 3
    assert [d["level"] for d in response.json] == ["strong", "weak", "weak"]
    assert a["id"] in {response.json[0]["person_id"], response.json[0]["other_id"]}
    # Both names, so a list of pairs can say who they are without reading each card.
    assert (response.json[0]["person_name"], response.json[0]["other_name"]) == (
        a["display_name"],
        a["display_name"],
    )


def test_preview_lists_conflicts_moves_and_no_blockers(api):
    keep = api.person(email="a@x.se", city="Lund")
    remove = api.person(email="b@x.se", phone="0701234567", city="Malmö")
    group = api.post("/groups", {"name": "G"}).json["id"]
    api.post(f"/groups/{group}/members", {"person_id": remove["id"]})
    response = api.post("/merges/preview", {"keep": keep["id"], "remove": remove["id"]})
    assert response.status_code == 200
    conflicts = {c["field"]: (c["keep"], c["remove"]) for c in response.json["conflicts"]}
    assert conflicts == {"email": ("a@x.se", "b@x.se"), "city": ("Lund", "Malmö")}
    assert response.json["moves"]["groups"] == 1
    assert response.json["moves"]["changes"] > 0
    assert response.json["blockers"] == []


def test_merge_moves_everything_in_one_transaction_and_publishes(api, outbox, db):
    keep = api.person(email="a@x.se", city="Lund")
    remove = api.person(email="b@x.se", phone="0701234567", city="Malmö", personnummer=pnr())
    friend = api.person(first_name="Fia")
    group = api.post("/groups", {"name": "G"}).json["id"]
    api.post(f"/groups/{group}/members", {"person_id": remove["id"]})
    vip = api.post("/statuses", {"name": "VIP"}).json["id"]
    api.put(f"/persons/{remove['id']}/statuses/{vip}")
    api.post(
        f"/persons/{remove['id']}/relations", {"to_person_id": friend["id"], "type": "partner"}
    )
    api.post(f"/persons/{remove['id']}/relations", {"to_person_id": keep["id"], "type": "partner"})
    api.post("/families", {"name": "F", "head_id": remove["id"]})
    account = "00000000-0000-4000-8000-0000000000aa"
    with db.transaction() as session:
        session.execute(update(Person).where(Person.id == remove["id"]).values(user_id=account))
    response = api.post(
        "/merges", {"keep": keep["id"], "remove": remove["id"], "choices": {"city": "remove"}}
    )
    assert response.status_code == 201, response.json
    assert api.get(f"/persons/{remove['id']}").status_code == 404
    kept = api.get(f"/persons/{keep['id']}").json
    assert (kept["email"], kept["city"], kept["phone"]) == ("a@x.se", "Malmö", "+46701234567")
    assert kept["personnummer"] == pnr().replace("-", "")
    assert [g["id"] for g in kept["groups"]] == [group]
    assert [s["id"] for s in kept["statuses"]] == [vip]
    assert [r["person_id"] for r in kept["relations"]] == [friend["id"]]
    assert kept["family"]["is_head"] is True
    with db.read_only() as session:
        assert session.get(Person, keep["id"]).user_id == account  # the login follows
    log = api.get(f"/persons/{keep['id']}/changes?page_size=100").json
    merged = [c for c in log if c["field"] == "merge"]
    assert merged[0]["new"] == {"removed_id": remove["id"]}
    assert any(c["field"] == "phone" and c["new"] == "+46701234567" for c in log)
    assert outbox("registry.person.merged") == [{"kept_id": keep["id"], "removed_id": remove["id"]}]
    both = sorted([keep["id"], remove["id"]])
    assert outbox("registry.group.membership_changed")[-1] == {
        "group_id": group,
        "person_ids": both,
    }
    assert outbox("registry.family.changed")[-1]["person_ids"] == both


def test_merge_announces_the_removed_persons_groups_in_one_statement(api, outbox, db):
    keep, remove = api.person(email="a@x.se"), api.person(email="b@x.se")
    for name in ("G1", "G2", "G3"):
        group = api.post("/groups", {"name": name}).json["id"]
        api.post(f"/groups/{group}/members", {"person_id": remove["id"]})
    with outbox_inserts(db.engine) as seen:
        response = api.post("/merges", {"keep": keep["id"], "remove": remove["id"]})
    assert response.status_code == 201, response.json
    assert 3 in seen  # the three membership_changed events together
    assert len(outbox("registry.group.membership_changed")) >= 3


def test_merge_blockers_refuse_and_change_nothing(api, db, outbox):
    a = api.person(personnummer=pnr("19800101", "123"))
    b = api.person(personnummer=pnr("19900101", "456"))
    with db.transaction() as session:
        session.execute(
            update(Person)
            .where(Person.id.in_([a["id"], b["id"]]))
            .values(user_id="00000000-0000-4000-8000-00000000000a", is_staff=True)
        )
    # (both have accounts, the removed one is staff, their personnummer differ)
    preview = api.post("/merges/preview", {"keep": a["id"], "remove": b["id"]}).json
    assert len(preview["blockers"]) == 3
    response = api.post("/merges", {"keep": a["id"], "remove": b["id"]})
    assert response.status_code == 409
    assert response.json["errors"]["blockers"] == preview["blockers"]
    assert api.get(f"/persons/{b['id']}").status_code == 200
    assert outbox("registry.person.merged") == []


def test_bad_merge_requests(api):
    a, b = api.person(), api.person()
    same = api.post("/merges", {"keep": a["id"], "remove": a["id"]})
    assert same.status_code == 422 and "remove" in same.json["errors"]["json"]
    choice = api.post("/merges", {"keep": a["id"], "remove": b["id"], "choices": {"city": "x"}})
    assert choice.status_code == 422
    unknown = api.post(
        "/merges", {"keep": a["id"], "remove": "00000000-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 404


def test_receptionist_cannot_merge_but_manager_can(api):
    a, b = api.person(), api.person()
    body = {"keep": a["id"], "remove": b["id"]}
    assert api.as_("receptionist").post("/merges", body).status_code == 403
    assert api.as_("receptionist").post("/merges/preview", body).status_code == 403
    assert api.as_("manager").post("/merges", body).status_code == 201


def test_a_merge_survives_a_concurrent_change_to_the_removed_person(api, outbox, db):
    keep = api.person(email="k@x.se")
    remove = api.person(email="r@x.se", city="Visby")
    undo = changed_by_another_writer_before("before_delete", db, times=1)
    try:
        merged = api.post(
            "/merges", {"keep": keep["id"], "remove": remove["id"], "choices": {"email": "keep"}}
        )
    finally:
        undo()
    assert merged.status_code == 201, merged.json
    assert api.get(f"/persons/{keep['id']}").json["city"] == "Visby"
    assert api.get(f"/persons/{remove['id']}").status_code == 404
    assert len(outbox("registry.person.merged")) == 1
