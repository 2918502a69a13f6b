"""Defining and removing statuses, interests, fields; renaming and deleting groups."""

from __future__ import annotations


def test_removing_a_status_or_interest_removes_it_from_every_person(api):
    person = api.person()
    vip = api.post("/statuses", {"name": "VIP"}).json["id"]
    yoga = api.post("/interest-areas", {"name": "Yoga"}).json["id"]
    api.put(f"/persons/{person['id']}/statuses/{vip}")
    api.put(f"/persons/{person['id']}/interests", {"interest_ids": [yoga]})
    assert api.delete(f"/statuses/{vip}").status_code == 204
    assert api.delete(f"/interest-areas/{yoga}").status_code == 204
    shown = api.get(f"/persons/{person['id']}").json
    assert (shown["statuses"], shown["interests"]) == ([], [])
    assert api.get("/statuses").json == [] and api.get("/interest-areas").json == []
    assert api.delete(f"/statuses/{vip}").status_code == 404


def test_removing_a_field_removes_its_values(api):
    field = api.post(
        "/fields", {"key": "size", "label": "Size", "type": "list", "options": ["S"]}
    ).json
    person = api.person(extra_fields={"size": "S"})
    assert api.delete(f"/fields/{field['id']}").status_code == 204
    assert api.get(f"/persons/{person['id']}").json["extra_fields"] == {}


def test_rename_and_delete_a_group(api, outbox):
    group = api.post("/groups", {"name": "Old"}).json
    kid = api.person()
    api.post(f"/groups/{group['id']}/members", {"person_id": kid["id"]})
    renamed = api.patch(f"/groups/{group['id']}", {"name": "New", "description": "Tisdagar"})
    assert (renamed.json["name"], renamed.json["description"]) == ("New", "Tisdagar")
    assert api.delete(f"/groups/{group['id']}").status_code == 204
    assert api.get(f"/groups/{group['id']}").status_code == 404
    assert api.get(f"/persons/{kid['id']}").json["groups"] == []
    assert outbox("registry.group.membership_changed")[-1]["person_ids"] == [kid["id"]]


def test_group_input_is_checked(api):
    response = api.post("/groups", {"name": "", "kind": "club"})
    assert response.status_code == 422
    assert set(response.json["errors"]["json"]) == {"name", "kind"}


def test_family_view_for_members_and_not_for_strangers(api):
    mum, kid, stranger = api.person(), api.person(), api.person()
    family = api.post(
        "/families", {"name": "F", "head_id": mum["id"], "members": [{"person_id": kid["id"]}]}
    ).json
    as_kid = api.as_("member", scopes={"person_id": kid["id"]})
    assert as_kid.get(f"/families/{family['id']}").status_code == 200
    as_stranger = api.as_("member", scopes={"person_id": stranger["id"]})
    assert as_stranger.get(f"/families/{family['id']}").status_code == 403


def test_a_status_or_interest_named_again_in_another_case_is_a_conflict(api):
    """Imports link "vip" to the status "VIP": a second label of that name in another case
    would split the members between two statuses."""
    assert api.post("/statuses", {"name": "VIP"}).status_code == 201
    again = api.post("/statuses", {"name": "vip"})
    assert again.status_code == 409 and "exists already" in again.text
    assert api.post("/interest-areas", {"name": "Yoga"}).status_code == 201
    assert api.post("/interest-areas", {"name": "YOGA"}).status_code == 409
    assert [s["name"] for s in api.get("/statuses").json] == ["VIP"]
