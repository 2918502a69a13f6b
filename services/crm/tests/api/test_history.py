"""History entries written by hand on a card, newest first; bad input and unknown cards."""

from __future__ import annotations

import json

from foyer_shared.db import new_id


def test_entries_newest_first_with_type_and_writer(call):
    card = call.ok("POST", "/contacts", 201, json={"first_name": "Åsa"})
    called = call.ok("POST", "/history-types", 201, json={"name": "Called"})["id"]
    url = f"/contacts/{card['id']}/history"
    older = call.ok("POST", url, 201, json={"note": "met", "occurred_at": "2026-11-01T10:00:00Z"})
    newer = call.ok("POST", url, 201, json={"type_id": called})
    assert (newer["type"]["name"], newer["written_by"], newer["source"]) == (
        "Called",
        "test-user",
        "staff",
    )
    listed = call(("GET"), url)
    assert [e["id"] for e in listed.json] == [newer["id"], older["id"]]
    assert json.loads(listed.headers["X-Pagination"])["total"] == 2


def test_bad_input_and_unknown_cards(call):
    card = call.ok("POST", "/contacts", 201, json={})
    url = f"/contacts/{card['id']}/history"
    response = call("POST", url, json={})
    assert response.status_code == 422 and "type_id" in response.json["errors"]["json"]
    response = call("POST", url, json={"type_id": new_id()})
    assert response.status_code == 422 and "type_id" in response.json["errors"]["json"]
    assert call("POST", f"/contacts/{new_id()}/history", json={"note": "x"}).status_code == 404
    assert call("GET", f"/contacts/{new_id()}/history").status_code == 404
    response = call("POST", url, "crm.contacts.read", json={"note": "x"})
    assert response.status_code == 403
