"""Merged: the removed person's card, to-dos, history and tags go to the kept person's card.
Erased: card, to-dos and history go, badges are recounted. GDPR export: all of it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm import handlers
from crm.models import HistoryEntry, StaffMember, StatusChange, Task, messaging
from foyer_shared import contracts
from foyer_shared.db import new_id, utcnow


def apply(db, handler, envelope) -> None:
    with db.transaction() as session:
        handler(session, envelope)


def count(db, model) -> int:
    with db.read_only() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture()
def world(db, call, events, add_staff):
    """Two registry persons with cards, each with a to-do, history and a tag; a company card
    where the removed one is a contact."""
    seller = add_staff(None, "manager")
    kept, removed = new_id(), new_id()
    apply(db, handlers.on_person_created, events.person_created(kept, first_name="Kept"))
    apply(db, handlers.on_person_created, events.person_created(removed, first_name="Gone"))
    cards = {p: call.ok("GET", f"/contacts?person_id={p}")[0]["id"] for p in (kept, removed)}
    gold = call.ok("POST", "/tags", 201, json={"name": "Gold", "applies_to": "person"})["id"]
    silver = call.ok("POST", "/tags", 201, json={"name": "Silver", "applies_to": "person"})["id"]
    call.ok("PATCH", f"/contacts/{cards[kept]}", json={"tag_ids": [gold], "note": "kept's"})
    call.ok(
        "PATCH",
        f"/contacts/{cards[removed]}",
        json={"tag_ids": [silver], "status": "customer", "responsible_user_id": seller},
    )
    due = (utcnow() - timedelta(days=1)).isoformat()
    for person in (kept, removed):
        body = {"kind": "person", "contact_id": cards[person], "assignee_user_id": seller}
        call.ok("POST", "/tasks", 201, json={**body, "remind_at": due})
        call.ok("POST", f"/contacts/{cards[person]}/history", 201, json={"note": person})
    return {"kept": kept, "removed": removed, "cards": cards, "seller": seller}


def test_merge_folds_the_removed_card_into_the_kept_one(db, call, events, world):
    kept, removed = world["kept"], world["removed"]
    for _ in range(2):  # told twice: nothing left to move the second time
        apply(db, handlers.on_person_merged, events.person_merged(kept, removed))
    assert call.ok("GET", f"/contacts?person_id={removed}") == []
    card = call.ok("GET", f"/contacts/{world['cards'][kept]}")
    assert [t["name"] for t in card["tags"]] == ["Gold", "Silver"]
    assert (card["status"], card["responsible_user_id"]) == ("prospect", world["seller"])
    assert len(call.ok("GET", f"/contacts/{card['id']}/history")) == 2
    tasks = call.ok("GET", f"/tasks?contact_id={card['id']}&assignee_user_id={world['seller']}")
    assert len(tasks) == 2
    # The removed card's change to customer moved along (the kept card's status stays).
    assert [c["to_status"] for c in card["status_changes"]] == ["customer"]
    assert count(db, StatusChange) == 1


def test_merge_into_a_person_without_a_card_moves_the_card(db, call, events, world):
    newcomer = new_id()
    apply(db, handlers.on_person_merged, events.person_merged(newcomer, world["removed"]))
    [card] = call.ok("GET", f"/contacts?person_id={newcomer}")
    assert card["id"] == world["cards"][world["removed"]] and card["status"] == "customer"


def test_erase_takes_card_to_dos_and_history_and_recounts_the_badge(
    db, call, events, world, add_staff
):
    account = add_staff(None, "trainer", person_id=world["removed"])
    apply(db, handlers.on_person_deleted, events.person_deleted(world["removed"]))
    with db.read_only() as session:
        assert session.get(StaffMember, account).person_id is None
    assert call.ok("GET", f"/contacts?person_id={world['removed']}") == []
    assert (count(db, Task), count(db, HistoryEntry)) == (1, 1)
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    badge = [json.loads(r.body)["data"] for r in rows if r.routing_key == "crm.badge.changed"]
    assert badge[-1] == {"user_id": world["seller"], "count": 1}
    erase_all = contracts.envelope("registry.persons.deleted", person_ids=[world["kept"]])
    apply(db, handlers.on_persons_deleted, erase_all)
    assert (count(db, Task), count(db, HistoryEntry)) == (0, 0)


def test_the_export_holds_card_to_dos_and_history(db, world):
    command = contracts.envelope(
        "crm.export_personal_data", export_id="e1", person_id=world["removed"]
    )
    apply(db, handlers.on_export_requested, command)
    with db.read_only() as session:
        rows = session.execute(select(messaging.outbox)).all()
    [part] = [
        json.loads(r.body)["data"]["data"]
        for r in rows
        if r.routing_key == "crm.personal_data.exported"
    ]
    [card] = part["contacts"]
    assert (card["status"], card["tags"]) == ("customer", ["Silver"])
    assert [c["to"] for c in card["status_changes"]] == ["customer"]
    assert len(part["tasks"]) == 1 and part["history"][0]["note"] == world["removed"]
