"""POST /persons/bulk: by ids or filter; group, status, field, delete; results per person."""

from __future__ import annotations

from registry_testing import pnr

MISSING = "00000000-0000-4000-8000-000000000000"


def bulk(api, body, status=200):
    response = api.post("/persons/bulk", body)
    assert response.status_code == status, response.json
    return response.json


def test_add_and_remove_group_by_ids_with_per_item_results(api):
    a, b = api.person(), api.person()
    group = api.post("/groups", {"name": "G"}).json["id"]
    result = bulk(
        api,
        {"ids": [a["id"], b["id"], MISSING], "action": {"type": "add_group", "group_id": group}},
    )
    assert (result["succeeded"], result["failed"]) == (2, 1)
    assert [r["ok"] for r in result["results"]] == [True, True, False]
    assert "no person" in result["results"][2]["error"]
    assert len(api.get(f"/groups/{group}").json["members"]) == 2
    removed = bulk(api, {"ids": [a["id"]], "action": {"type": "remove_group", "group_id": group}})
    assert removed["succeeded"] == 1
    assert [m["person_id"] for m in api.get(f"/groups/{group}").json["members"]] == [b["id"]]


def test_set_and_remove_status_on_a_filter(api):
    api.person(last_name="Lindström")
    api.person(last_name="Lindström")
    api.person(last_name="Berg")
    vip = api.post("/statuses", {"name": "VIP"}).json["id"]
    result = bulk(
        api, {"filter": {"q": "lindström"}, "action": {"type": "set_status", "status_id": vip}}
    )
    assert result["succeeded"] == 2
    assert len(api.get(f"/persons?status_id={vip}").json) == 2
    bulk(api, {"filter": {"status_id": vip}, "action": {"type": "remove_status", "status_id": vip}})
    assert api.get(f"/persons?status_id={vip}").json == []


def test_set_field_is_validated_per_person_and_logged(api):
    person = api.person()
    company = api.post("/persons", {"kind": "company", "company_name": "AB"}).json
    result = bulk(
        api,
        {
            "ids": [person["id"], company["id"]],
            "action": {"type": "set_field", "field": "personnummer", "value": pnr()},
        },
    )
    assert [r["ok"] for r in result["results"]] == [True, False]  # companies have none
    assert api.get(f"/persons/{person['id']}").json["personnummer"] == pnr().replace("-", "")
    api.post("/fields", {"key": "size", "label": "Size", "type": "list", "options": ["S"]})
    bad = bulk(
        api,
        {
            "ids": [person["id"]],
            "action": {"type": "set_field", "field": "extra_fields.size", "value": "XL"},
        },
    )
    assert bad["failed"] == 1 and "size" in bad["results"][0]["error"]
    email = bulk(
        api,
        {
            "ids": [person["id"]],
            "action": {"type": "set_field", "field": "email", "value": "not-an-address"},
        },
    )
    assert email["failed"] == 1 and "e-mail" in email["results"][0]["error"]
    log = api.get(f"/persons/{person['id']}/changes").json
    assert any(c["field"] == "personnummer" for c in log)


def test_delete_in_bulk_skips_the_blocked_and_does_the_rest(api, outbox):
    head, kid, free = api.person(), api.person(), api.person()
    api.post(
        "/families", {"name": "F", "head_id": head["id"], "members": [{"person_id": kid["id"]}]}
    )
    result = bulk(api, {"ids": [head["id"], free["id"]], "action": {"type": "delete"}})
    assert [r["ok"] for r in result["results"]] == [False, True]
    assert "head" in result["results"][0]["error"]
    assert api.get(f"/persons/{head['id']}").status_code == 200
    assert outbox("registry.person.deleted") == [{"person_id": free["id"]}]


def test_bad_bulk_requests_are_422_and_actions_need_their_permission(api):
    a = api.person()
    both = api.post(
        "/persons/bulk", {"ids": [a["id"]], "filter": {"q": "x"}, "action": {"type": "delete"}}
    )
    assert both.status_code == 422 and "ids" in both.json["errors"]["json"]
    missing = api.post("/persons/bulk", {"ids": [a["id"]], "action": {"type": "add_group"}})
    assert missing.status_code == 422 and "action" in missing.json["errors"]["json"]
    unknown = api.post("/persons/bulk", {"ids": [a["id"]], "action": {"type": "explode"}})
    assert unknown.status_code == 422
    no_delete = api.as_(permissions=["registry.persons.bulk", "registry.persons.all"])
    refused = no_delete.post("/persons/bulk", {"ids": [a["id"]], "action": {"type": "delete"}})
    assert refused.status_code == 403 and "registry.persons.delete" in refused.json["message"]
    assert (
        api.as_("receptionist")
        .post("/persons/bulk", {"ids": [a["id"]], "action": {"type": "delete"}})
        .status_code
        == 403
    )
