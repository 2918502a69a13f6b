"""Statuses, interests, groups, families and relations through the API on PostgreSQL."""

from __future__ import annotations

import json

import pytest


def test_statuses_defined_by_staff_set_on_a_person_and_logged(api):
    vip = api.post("/statuses", {"name": "VIP"}).json
    assert api.post("/statuses", {"name": "VIP"}).status_code == 409
    person = api.person()
    path = f"/persons/{person['id']}/statuses/{vip['id']}"
    assert api.put(path).status_code == 204
    assert api.get(f"/persons/{person['id']}").json["statuses"] == [vip]
    assert api.delete(path).status_code == 204
    assert api.get(f"/persons/{person['id']}").json["statuses"] == []
    log = [c for c in api.get(f"/persons/{person['id']}/changes").json if c["field"] == "statuses"]
    assert {(c["old"], c["new"]) for c in log} == {(None, vip["id"]), (vip["id"], None)}


def test_unknown_status_is_404(api):
    person = api.person()
    path = f"/persons/{person['id']}/statuses/00000000-0000-4000-8000-000000000000"
    assert api.put(path).status_code == 404


def test_member_chooses_own_interests_but_not_someone_elses(api):
    yoga = api.post("/interest-areas", {"name": "Yoga"}).json
    me, other = api.person(), api.person(first_name="Erik")
    member = api.as_("member", user_id="u-me", scopes={"person_id": me["id"]})
    ok = member.put(f"/persons/{me['id']}/interests", {"interest_ids": [yoga["id"]]})
    assert ok.status_code == 204
    assert member.get(f"/persons/{me['id']}").json["interests"] == [yoga]
    refused = member.put(f"/persons/{other['id']}/interests", {"interest_ids": [yoga["id"]]})
    assert refused.status_code == 403
    bad = member.put(f"/persons/{me['id']}/interests", {"interest_ids": ["nope"]})
    assert bad.status_code == 422 and "interest_ids" in bad.json["errors"]["json"]


def test_group_with_leaders_and_members_publishes_membership_changes(api, outbox):
    group = api.post("/groups", {"name": "P12", "kind": "team"}).json
    leader, kid = api.person(first_name="Lena"), api.person(first_name="Kim")
    base = f"/groups/{group['id']}/members"
    assert api.post(base, {"person_id": leader["id"], "role": "leader"}).status_code == 204
    assert api.post(base, {"person_id": kid["id"]}).status_code == 204
    shown = api.get(f"/groups/{group['id']}").json
    assert [p["person_id"] for p in shown["leaders"]] == [leader["id"]]
    assert [p["person_id"] for p in shown["members"]] == [kid["id"]]
    assert api.get(f"/persons/{kid['id']}").json["groups"] == [
        {"id": group["id"], "name": "P12", "role": "member"}
    ]
    assert api.delete(f"{base}/{kid['id']}").status_code == 204
    assert api.delete(f"{base}/{kid['id']}").status_code == 404
    published = outbox("registry.group.membership_changed")
    assert [e["person_ids"] for e in published] == [[leader["id"]], [kid["id"]], [kid["id"]]]
    assert {e["group_id"] for e in published} == {group["id"]}


def test_a_person_in_many_groups_and_unknown_group_or_person(api):
    person = api.person()
    g1, g2 = (api.post("/groups", {"name": n}).json for n in ("A", "B"))
    for g in (g1, g2):
        api.post(f"/groups/{g['id']}/members", {"person_id": person["id"]})
    assert len(api.get(f"/persons/{person['id']}").json["groups"]) == 2
    missing = "00000000-0000-4000-8000-000000000000"
    assert api.post(f"/groups/{missing}/members", {"person_id": person["id"]}).status_code == 404
    assert api.post(f"/groups/{g1['id']}/members", {"person_id": missing}).status_code == 404


def test_group_leader_manages_members_of_own_group_only(api):
    mine, other = (api.post("/groups", {"name": n}).json for n in ("Mine", "Other"))
    kid = api.person()  # within the leader's reach (their own person): test_no_widening.py
    leader = api.as_("group_leader", scopes={"person_id": kid["id"], "groups_led": [mine["id"]]})
    assert leader.post(f"/groups/{mine['id']}/members", {"person_id": kid["id"]}).status_code == 204
    assert (
        leader.post(f"/groups/{other['id']}/members", {"person_id": kid["id"]}).status_code == 403
    )
    appoint = leader.post(
        f"/groups/{mine['id']}/members", {"person_id": kid["id"], "role": "leader"}
    )
    assert appoint.status_code == 403
    assert [g["id"] for g in leader.get("/groups").json] == [mine["id"]]
    assert leader.get(f"/groups/{other['id']}").status_code == 403


def family(api, head, *members, rights=("view",)):
    body = {
        "name": "Familjen",
        "head_id": head["id"],
        "members": [{"person_id": m["id"], "rights": list(rights)} for m in members],
    }
    return api.post("/families", body)


def test_family_with_head_rights_and_event(api, outbox):
    mum, kid = api.person(first_name="Mia"), api.person(first_name="Kim")
    response = family(api, mum, kid)
    assert response.status_code == 201, response.json
    members = {m["person_id"]: m for m in response.json["members"]}
    assert members[mum["id"]]["is_head"] and members[mum["id"]]["rights"] == [
        "view",
        "book",
        "pay",
        "manage",
    ]
    assert members[kid["id"]]["rights"] == ["view"]
    assert api.get(f"/persons/{kid['id']}").json["family"]["id"] == response.json["id"]
    [event] = outbox("registry.family.changed")
    assert set(event["person_ids"]) == {mum["id"], kid["id"]}


def test_a_person_belongs_to_at_most_one_family(api):
    a, b, kid = api.person(), api.person(), api.person()
    assert family(api, a, kid).status_code == 201
    again = family(api, b, kid)
    assert again.status_code == 409 and "person_id" in again.json["errors"]["json"]
    assert api.get(f"/persons/{b['id']}").json["family"] is None  # nothing half-written


def test_unknown_right_is_422(api):
    a, b = api.person(), api.person()
    response = family(api, a, b, rights=("drive",))
    assert response.status_code == 422


def test_one_head_and_the_head_leaves_last(api):
    mum, dad = api.person(first_name="Mia"), api.person(first_name="Dan")
    fam = family(api, mum, dad).json
    base = f"/families/{fam['id']}/members"
    refused = api.delete(f"{base}/{mum['id']}")
    assert refused.status_code == 409
    shown = api.patch(f"{base}/{dad['id']}", {"is_head": True}).json
    assert [m["person_id"] for m in shown["members"] if m["is_head"]] == [dad["id"]]
    assert api.delete(f"{base}/{mum['id']}").status_code == 204
    assert api.delete(f"{base}/{dad['id']}").status_code == 204
    assert api.get(f"/families/{fam['id']}").status_code == 404


def test_relations_are_labelled_from_each_side(api):
    mum, kid = api.person(first_name="Mia"), api.person(first_name="Kim")
    company = api.post("/persons", {"kind": "company", "company_name": "Bygg AB"}).json
    rel = api.post(f"/persons/{mum['id']}/relations", {"to_person_id": kid["id"], "type": "parent"})
    assert rel.status_code == 201 and rel.json["label"] == "parent of"
    api.post(
        f"/persons/{mum['id']}/relations", {"to_person_id": company["id"], "type": "contact_person"}
    )
    kid_view = api.get(f"/persons/{kid['id']}").json["relations"]
    assert kid_view == [
        {
            "id": rel.json["id"],
            "type": "parent",
            "person_id": mum["id"],
            "label": "child of",
            "name": mum["display_name"],  # for staff, who may read everyone
        }
    ]
    labels = {r["label"] for r in api.get(f"/persons/{company['id']}").json["relations"]}
    assert labels == {"has contact person"}
    # The kid reading their own card: the relation without the other's name (outside reach).
    own = api.as_("member", user_id="u-kim", scopes={"person_id": kid["id"]})
    assert [set(r) for r in own.get(f"/persons/{kid['id']}").json["relations"]] == [
        {"id", "type", "person_id", "label"}
    ]
    assert api.delete(f"/relations/{rel.json['id']}").status_code == 204
    assert api.get(f"/persons/{kid['id']}").json["relations"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [({"type": "cousin"}, "type"), ({"type": "partner", "self": True}, "to_person_id")],
)
def test_bad_relations_are_422(api, body, field):
    a, b = api.person(), api.person()
    target = a["id"] if body.pop("self", False) else b["id"]
    response = api.post(f"/persons/{a['id']}/relations", {"to_person_id": target, **body})
    assert response.status_code == 422 and field in response.json["errors"]["json"]


def test_relation_types_list_both_labels(api):
    types = {t["type"]: t for t in api.get("/relation-types").json}
    assert types["parent"] == {"type": "parent", "label": "parent of", "reverse_label": "child of"}
    assert {"partner", "contact_person", "statutory_representative"} <= set(types)


def test_a_groups_members_are_paged_by_name_and_its_view_names_the_first(api, monkeypatch):
    from registry.use_cases import groups as group_cases

    monkeypatch.setattr(group_cases, "SHOWN", 2)  # as if the group had more than 100
    group = api.post("/groups", {"name": "Alla medlemmar"}).json["id"]
    base = f"/groups/{group}/members"
    members = {
        name: api.person(first_name="Anna", last_name=name) for name in ("Holm", "Berg", "Ek")
    }
    for person in members.values():
        assert api.post(base, {"person_id": person["id"]}).status_code == 204
    leader = api.person(first_name="Lena", last_name="Ros")
    assert api.post(base, {"person_id": leader["id"], "role": "leader"}).status_code == 204

    first = api.get(f"{base}?page_size=2")
    assert first.status_code == 200
    assert [p["name"] for p in first.json] == ["Anna Berg", "Anna Ek"]
    assert {p["role"] for p in first.json} == {"member"}
    assert json.loads(first.headers["X-Pagination"])["total"] == 3
    second = api.get(f"{base}?page_size=2&page=2").json
    assert [p["person_id"] for p in second] == [members["Holm"]["id"]]
    leaders = api.get(f"{base}?role=leader")
    assert [p["person_id"] for p in leaders.json] == [leader["id"]]
    assert json.loads(leaders.headers["X-Pagination"])["total"] == 1

    shown = api.get(f"/groups/{group}").json
    assert [p["name"] for p in shown["members"]] == ["Anna Berg", "Anna Ek"]
    assert (shown["member_count"], shown["leader_count"]) == (3, 1)
    assert [p["person_id"] for p in shown["leaders"]] == [leader["id"]]


def test_paging_a_groups_members_refuses_what_it_cannot_show(api):
    group = api.post("/groups", {"name": "P14"}).json["id"]
    other = api.post("/groups", {"name": "P15"}).json["id"]
    bad_role = api.get(f"/groups/{group}/members?role=boss")
    assert bad_role.status_code == 422 and "role" in bad_role.json["errors"]["query"]
    unknown = "/groups/00000000-0000-4000-8000-000000000000/members"
    assert api.get(unknown).status_code == 404
    leader = api.as_("group_leader", user_id="u-lead", scopes={"groups_led": [group]})
    assert leader.get(f"/groups/{group}/members").status_code == 200
    assert leader.get(f"/groups/{other}/members").status_code == 403


def test_the_list_of_groups_declares_no_roster_and_the_view_does(client):
    spec = client.get("/openapi.json").json

    def properties(path: str) -> set[str]:
        schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        schema = schema["schema"]
        schema = schema.get("items", schema)
        name = schema["$ref"].rsplit("/", 1)[-1]
        return set(spec["components"]["schemas"][name]["properties"])

    assert not properties("/groups") & {"leaders", "members", "member_count"}
    assert {"leaders", "members", "member_count"} <= properties("/groups/{group_id}")
