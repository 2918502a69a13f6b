"""persons.link_tags (migration 0017) follows every way a person's links change, on PostgreSQL.

The search ANDs the tags' index with the trigram index (repository/link_tags.py): a tag missing
or left behind would hide a person from, or show them in, a filtered search.
"""

from __future__ import annotations

import json

from registry_testing import expanded, import_batch_data, pnr
from sqlalchemy import select, text

from foyer_shared import contracts
from registry import handlers
from registry.models import messaging

UPDATED = text("SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'persons'")
TAGS = text("SELECT link_tags, person_link_tags(id) AS computed FROM persons WHERE id = :id")


def run_batch(session, settings, rows: list[dict], job_id: str) -> None:
    """registry.import_batch as imports sends it, statuses created as needed."""
    data = import_batch_data(rows, job_id=job_id, options={"create_missing_statuses": True})
    handlers.command_handlers(settings)["registry.import_batch"](
        session, contracts.envelope("registry.import_batch", **data)
    )


def batch(db, settings, rows: list[dict], job_id: str) -> list[dict]:
    with db.transaction() as session:
        run_batch(session, settings, rows, job_id)
    with db.read_only() as session:
        rows = session.execute(
            select(messaging.outbox.c.body)
            .where(messaging.outbox.c.routing_key == "registry.import_batch.processed")
            .order_by(messaging.outbox.c.created_at.desc())
        ).scalars()
        return expanded(json.loads(next(iter(rows)))["data"])


def tags(db, person_id: str) -> set[str]:
    """The person's stored tags, checked against the ones the link rows give."""
    with db.read_only() as session:
        row = session.execute(TAGS, {"id": person_id}).one()
    assert row.link_tags == row.computed, row
    return set(row.link_tags)


def test_statuses_interests_and_memberships_are_tagged_and_untagged(api, db):
    asa, erik = api.person()["id"], api.person(first_name="Erik", last_name="Berg")["id"]
    vip = api.post("/statuses", {"name": "VIP"}).json["id"]
    yoga = api.post("/interest-areas", {"name": "Yoga"}).json["id"]
    golf = api.post("/interest-areas", {"name": "Golf"}).json["id"]
    group = api.post("/groups", {"name": "P12"}).json["id"]

    api.put(f"/persons/{asa}/statuses/{vip}")
    api.put(f"/persons/{asa}/interests", {"interest_ids": [yoga, golf]})
    api.post(f"/groups/{group}/members", {"person_id": asa})
    assert tags(db, asa) == {f"s:{vip}", f"i:{yoga}", f"i:{golf}", f"g:{group}"}
    assert tags(db, erik) == set()

    # A leader is not a member: no tag, and removing the leader role keeps the member's tag.
    api.post(f"/groups/{group}/members", {"person_id": erik, "role": "leader"})
    assert tags(db, erik) == set()
    api.post(f"/groups/{group}/members", {"person_id": asa, "role": "leader"})
    assert api.delete(f"/groups/{group}/members/{asa}?role=leader").status_code == 204
    assert f"g:{group}" in tags(db, asa)

    api.put(f"/persons/{asa}/interests", {"interest_ids": [golf]})
    assert api.delete(f"/persons/{asa}/statuses/{vip}").status_code == 204
    assert tags(db, asa) == {f"i:{golf}", f"g:{group}"}
    assert api.delete(f"/groups/{group}/members/{asa}").status_code == 204
    assert tags(db, asa) == {f"i:{golf}"}


def test_deleting_a_status_an_interest_or_a_group_untags_its_persons(api, db):
    # The link rows go by ON DELETE CASCADE: the trigger sees those deletes too.
    asa = api.person()["id"]
    vip = api.post("/statuses", {"name": "VIP"}).json["id"]
    yoga = api.post("/interest-areas", {"name": "Yoga"}).json["id"]
    group = api.post("/groups", {"name": "P12"}).json["id"]
    api.put(f"/persons/{asa}/statuses/{vip}")
    api.put(f"/persons/{asa}/interests", {"interest_ids": [yoga]})
    api.post(f"/groups/{group}/members", {"person_id": asa})
    assert len(tags(db, asa)) == 3

    for path in (f"/statuses/{vip}", f"/interest-areas/{yoga}", f"/groups/{group}"):
        assert api.delete(path).status_code == 204
    assert tags(db, asa) == set()


def test_a_merge_moves_the_removed_persons_tags_to_the_kept_one(api, db):
    keep, remove = api.person(city="Lund")["id"], api.person(city="Malmö")["id"]
    vip = api.post("/statuses", {"name": "VIP"}).json["id"]
    group = api.post("/groups", {"name": "P12"}).json["id"]
    api.put(f"/persons/{remove}/statuses/{vip}")
    api.post(f"/groups/{group}/members", {"person_id": remove})

    assert api.post("/merges", {"keep": keep, "remove": remove}).status_code == 201

    assert tags(db, keep) == {f"s:{vip}", f"g:{group}"}
    assert api.get(f"/persons?status_id={vip}&group_id={group}&q=lindstr").json[0]["id"] == keep


def test_an_imported_person_carries_its_status_tag_from_the_copy_on(api, db, settings):
    # fast.py writes the tag with the person: the trigger on person_statuses must then find
    # nothing to rewrite (rewriting 60 % of a batch's persons nearly doubled their write).
    rows = [
        {
            "row_no": n,
            "first_name": "Åsa",
            "last_name": f"Berg{n}",
            "personnummer": pnr("19800101", f"{n:03d}"),
            "status": "VIP" if n % 2 else None,
        }
        for n in range(2, 8)
    ]
    with db.transaction() as session:
        # The backend's counts not yet reported include earlier transactions': a difference.
        before = session.execute(UPDATED).scalar_one()
        run_batch(session, settings, rows, "job-1")
        rewritten = session.execute(UPDATED).scalar_one() - before

    assert rewritten == 0
    [vip] = api.get("/statuses").json
    found = api.get(f"/persons?status_id={vip['id']}&q=berg").json
    assert sorted(p["last_name"] for p in found) == ["Berg3", "Berg5", "Berg7"]
    for person in api.get("/persons?q=berg").json:
        expected = (
            {f"s:{vip['id']}"} if person["last_name"] in ("Berg3", "Berg5", "Berg7") else set()
        )
        assert tags(db, person["id"]) == expected


def test_a_status_linked_row_by_row_after_the_batchs_copy_is_still_tagged(api, db, settings):
    # The import skips the trigger for the statuses of the persons it has just written; a row
    # it sends down the row-by-row path afterwards (a status not linked yet) must not be.
    known = {"row_no": 2, "first_name": "Åsa", "last_name": "Berg", "personnummer": pnr()}
    batch(db, settings, [known], job_id="job-1")
    new = {**known, "row_no": 3, "last_name": "Ek", "personnummer": pnr("19900101")}
    rows = [{**new, "status": "VIP"}, {**known, "status": "VIP"}]

    outcomes = batch(db, settings, rows, job_id="job-2")["outcomes"]

    assert sorted(o["outcome"] for o in outcomes) == ["created", "updated"]
    [vip] = api.get("/statuses").json
    for outcome in outcomes:
        assert tags(db, outcome["person_id"]) == {f"s:{vip['id']}"}
