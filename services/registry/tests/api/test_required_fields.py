"""GET/PUT /required-fields (issue 23 §2): listed for forms, set by the owner, a 422 naming
the missing field on POST /persons and on an import row that would create the person."""

from __future__ import annotations


def test_set_listed_and_enforced_through_the_api(api):
    assert (
        api.post("/fields", {"key": "terms", "label": "Terms", "type": "checkbox"}).status_code
        == 201
    )
    put = api.put("/required-fields/registration", {"fields": ["phone", "extra_fields.terms"]})
    assert put.status_code == 200, put.json
    assert put.json["must_tick"] == ["terms"] and put.json["base"] == ["phone"]
    listed = {e["scenario"]: e for e in api.as_(role="member").get("/required-fields").json}
    assert listed["registration"]["fields"] == ["extra_fields.terms", "phone"]
    refused = api.post(
        "/persons",
        {
            "first_name": "A",
            "last_name": "B",
            "context": "registration",
            "extra_fields": {"terms": False},
        },
    )
    assert refused.status_code == 422
    assert refused.json["errors"]["json"] == {
        "phone": ["required for registration"],
        "extra_fields": {"terms": ["must be ticked for registration"]},
    }


def test_the_owners_setting_is_refused_to_the_desk_and_bad_names_are_named(api):
    desk = api.as_(role="receptionist").put("/required-fields/purchase", {"fields": []})
    assert desk.status_code == 403
    bad = api.put("/required-fields/purchase", {"fields": ["phone", "shoe"]})
    assert bad.status_code == 422 and list(bad.json["errors"]["json"]["fields"]) == ["1"]
    nowhere = api.put("/required-fields/checkout", {"fields": []})
    assert nowhere.status_code == 422 and "scenario" in nowhere.json["errors"]["json"]
