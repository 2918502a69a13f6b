"""Object-level access: the scopes served to the gateway, and the matrix per built-in role."""

from __future__ import annotations

import pytest

from registry.permissions import ROLE_PERMISSIONS

ROLES = sorted(ROLE_PERMISSIONS)


def test_scopes_endpoint_lists_groups_led_and_family_rights(api, client, as_staff):
    lena, kid, partner = api.person(), api.person(), api.person()
    group = api.post("/groups", {"name": "G"}).json["id"]
    api.post(f"/groups/{group}/members", {"person_id": lena["id"], "role": "leader"})
    api.post(
        "/families",
        {
            "name": "F",
            "head_id": lena["id"],
            "members": [
                {"person_id": kid["id"]},
                {"person_id": partner["id"], "rights": ["view", "pay"]},
            ],
        },
    )
    path = f"/internal/persons/{lena['id']}/scopes"
    response = client.get(path, headers=as_staff("GET", path, caller_service="gateway"))
    assert response.status_code == 200
    assert response.json["person_id"] == lena["id"]
    assert response.json["groups_led"] == [group]
    assert response.json["family_rights"] == {
        kid["id"]: ["view", "book", "pay", "manage"],
        partner["id"]: ["view", "book", "pay", "manage"],
    }
    path = f"/internal/persons/{partner['id']}/scopes"
    partner_scopes = client.get(path, headers=as_staff("GET", path, caller_service="gateway"))
    assert partner_scopes.json["family_rights"] == {
        lena["id"]: ["view", "pay"],
        kid["id"]: ["view", "pay"],
    }
    assert partner_scopes.json["groups_led"] == []


def test_scopes_endpoint_is_internal_only(api, client, as_staff):
    path = f"/internal/persons/{api.person()['id']}/scopes"
    assert client.get(path, headers=as_staff("GET", path, "*")).status_code == 403
    spec = client.get("/openapi.json").json
    assert spec["paths"]["/internal/persons/{person_id}/scopes"]["get"]["x-permission"] == (
        "internal"
    )


@pytest.fixture()
def world(api):
    """me; my kid (I may view), my partner (I manage); a member of the group I lead; a stranger."""
    people = {
        name: api.person(first_name=name) for name in ("me", "kid", "partner", "pupil", "stranger")
    }
    group = api.post("/groups", {"name": "G"}).json["id"]
    api.post(f"/groups/{group}/members", {"person_id": people["pupil"]["id"]})
    ids = {name: p["id"] for name, p in people.items()}
    return ids, group


def scopes_for(role: str, ids: dict, group: str) -> dict:
    scopes = {"person_id": ids["me"]}
    if role == "group_leader":
        scopes["groups_led"] = [group]
    if role == "member":
        scopes["family_rights"] = {ids["kid"]: ["view"], ids["partner"]: ["view", "manage"]}
    return scopes


STAFF_ALL = {"read": {"me", "kid", "partner", "pupil", "stranger"}}
EXPECTED = {
    # role: (may read, may edit)
    "owner": (STAFF_ALL["read"], STAFF_ALL["read"]),
    "administrator": (STAFF_ALL["read"], STAFF_ALL["read"]),
    "manager": (STAFF_ALL["read"], STAFF_ALL["read"]),
    "receptionist": (STAFF_ALL["read"], STAFF_ALL["read"]),
    "trainer": (STAFF_ALL["read"], set()),
    "group_leader": ({"me", "pupil"}, {"me", "pupil"}),
    "member": ({"me", "kid", "partner"}, {"me", "partner"}),
}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_read_edit_and_list(api, world, role):
    ids, group = world
    caller = api.as_(role, user_id=f"u-{role}", scopes=scopes_for(role, ids, group))
    may_read, may_edit = EXPECTED[role]
    for name, person_id in ids.items():
        read = caller.get(f"/persons/{person_id}")
        assert read.status_code == (200 if name in may_read else 403), (role, name, "read")
        edit = caller.patch(f"/persons/{person_id}", {"city": "Lund"})
        assert edit.status_code == (200 if name in may_edit else 403), (role, name, "edit")
    listed = caller.get("/persons?page_size=50")
    assert listed.status_code == 200
    assert {p["id"] for p in listed.json} == {ids[n] for n in may_read}


@pytest.mark.parametrize("role", ROLES)
def test_only_desk_staff_register_and_only_managers_define(api, role):
    caller = api.as_(role, scopes={"person_id": "x"})
    created = caller.post("/persons", {"first_name": "A", "last_name": "B"})
    registers = role in {"owner", "administrator", "manager", "receptionist"}
    assert created.status_code == (201 if registers else 403), role
    defines = caller.post("/statuses", {"name": f"S-{role}"})
    assert defines.status_code == (201 if role in {"owner", "administrator", "manager"} else 403), (
        role
    )


def test_statuses_are_hidden_from_scoped_callers(api):
    me = api.person()
    vip = api.post("/statuses", {"name": "VIP"}).json
    api.put(f"/persons/{me['id']}/statuses/{vip['id']}")
    member = api.as_("member", scopes={"person_id": me["id"]})
    assert "statuses" not in member.get(f"/persons/{me['id']}").json
    assert member.get("/statuses").status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix_delete_and_merge_own_and_other(api, world, role):
    ids, group = world
    caller = api.as_(role, user_id=f"u-{role}", scopes=scopes_for(role, ids, group))
    allowed = role in {"owner", "administrator", "manager"}
    for name in ("me", "stranger"):
        response = caller.delete(f"/persons/{ids[name]}")
        assert response.status_code == (204 if allowed else 403), (role, name)
    merged = caller.post("/merges", {"keep": ids["kid"], "remove": ids["partner"]})
    assert merged.status_code == (201 if allowed else 403), role


def test_every_registry_permission_is_declared_in_openapi(client):
    """identity builds its permission catalogue from x-permission: each must appear there."""
    from registry import permissions

    spec = client.get("/openapi.json").json
    declared = {
        op.get("x-permission")
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict)
    }
    defined = {v for k, v in vars(permissions).items() if k.isupper() and isinstance(v, str)}
    assert defined <= declared, defined - declared


def test_own_person_found_through_the_login_account_when_scopes_do_not_name_it(api, db):
    """The gateway sends groups_led and family_rights only; the account link names 'self'."""
    from sqlalchemy import update

    from registry.models import Person

    me, other = api.person(), api.person()
    with db.transaction() as session:
        session.execute(update(Person).where(Person.id == me["id"]).values(user_id="user-me"))
    member = api.as_("member", user_id="user-me", scopes={"groups_led": [], "family_rights": {}})
    assert member.get(f"/persons/{me['id']}").status_code == 200
    assert member.patch(f"/persons/{me['id']}", {"city": "Lund"}).status_code == 200
    assert member.get(f"/persons/{other['id']}").status_code == 403
    assert [p["id"] for p in member.get("/persons").json] == [me["id"]]
