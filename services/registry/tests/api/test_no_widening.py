"""No action widens the actor's own access (issue 17, finding 2; docs/access.md).

A caller narrowed by scopes may bring into their group or family only persons already within
their reach; anyone else needs the staff permission the refusal names. The register is set up
as staff would (leaders appointed, families made), and each caller's scopes are what the
gateway would send for them.
"""

from __future__ import annotations

import pytest

from registry import permissions as P
from registry.permissions import ROLE_PERMISSIONS


@pytest.fixture()
def club(api, db):
    """Lena leads A and B; Pia is in A, Bo in B; Kim heads Lena's family (she may only view
    him). Outside her reach: Sven (a family head, in C), his kid, Stina (staff), Olle (leads C)."""
    from sqlalchemy import update

    from registry.models import Person

    people = {
        name: api.person(first_name=name)["id"]
        for name in ("lena", "pia", "bo", "kim", "sven", "stina", "olle", "sven_kid")
    }
    with db.transaction() as session:
        session.execute(
            update(Person)
            .where(Person.id == people["stina"])
            .values(is_staff=True, user_id="u-stina")
        )
    groups = {name: api.post("/groups", {"name": name}).json["id"] for name in "ABC"}
    for group, person, role in (
        ("A", "lena", "leader"),
        ("B", "lena", "leader"),
        ("A", "pia", "member"),
        ("B", "bo", "member"),
        ("C", "olle", "leader"),
        ("C", "sven", "member"),
    ):
        added = api.post(
            f"/groups/{groups[group]}/members", {"person_id": people[person], "role": role}
        )
        assert added.status_code == 204, added.text
    made = api.post(
        "/families",
        {
            "name": "Lindström",
            "head_id": people["kim"],
            "members": [{"person_id": people["lena"], "rights": ["view"]}],
        },
    )
    assert made.status_code == 201, made.text
    made = api.post(
        "/families",
        {
            "name": "Svensson",
            "head_id": people["sven"],
            "members": [{"person_id": people["sven_kid"]}],
        },
    )
    assert made.status_code == 201, made.text
    return people, groups


def lena_as(api, people, groups, *extra_permissions):
    """Lena with the group_leader role (plus extra permissions), scopes as the gateway sends."""
    permissions = ROLE_PERMISSIONS["group_leader"] | set(extra_permissions)
    return api.as_(
        permissions=permissions,
        user_id="u-lena",
        scopes={
            "person_id": people["lena"],
            "groups_led": [groups["A"], groups["B"]],
            "family_rights": {people["kim"]: ["view"]},
        },
    )


def members_of(api, group_id: str) -> set[str]:
    return {m["person_id"] for m in api.get(f"/groups/{group_id}").json["members"]}


def assert_refused(response, permission: str, field: str):
    assert response.status_code == 403, response.text
    body = response.json
    assert set(body) >= {"code", "status", "message", "errors"}
    assert permission in body["message"]
    assert field in body["errors"]["json"]


@pytest.mark.parametrize("outsider", ["sven", "stina", "olle", "sven_kid"])
def test_leader_cannot_pull_an_outsider_into_their_group(api, club, outsider):
    people, groups = club
    lena = lena_as(api, people, groups)
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people[outsider]})
    assert_refused(added, P.GROUPS_MANAGE, "person_id")
    assert people[outsider] not in members_of(api, groups["A"])
    assert lena.get(f"/persons/{people[outsider]}").status_code == 403


def test_leader_cannot_turn_a_view_right_into_an_edit_right(api, club):
    """Kim is hers to view (family right), not to change: her group would let her change him."""
    people, groups = club
    lena = lena_as(api, people, groups)
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people["kim"]})
    assert_refused(added, P.GROUPS_MANAGE, "person_id")
    assert lena.patch(f"/persons/{people['kim']}", {"city": "Lund"}).status_code == 403


@pytest.mark.parametrize("insider", ["bo", "pia", "lena"])
def test_leader_adds_persons_already_within_their_reach(api, club, insider):
    """Bo from the other group she leads, Pia again (a no-op), and herself."""
    people, groups = club
    lena = lena_as(api, people, groups)
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people[insider]})
    assert added.status_code == 204, added.text
    assert people[insider] in members_of(api, groups["A"])


@pytest.fixture(params=["adds", "adds then removes"])
def desk_meanwhile(request, monkeypatch, api, db, club):
    """Between the reach read before Lena's change and the one after it, another request
    commits Nils into group A (as the desk would, on a connection of its own); with "adds then
    removes", another removes him again after the read after it (the access matrix's parallel
    lanes add a member and remove it at once). Nils's id and those he leaves in group A."""
    from sqlalchemy import delete

    from registry.models.segments import GroupMembership
    from registry.use_cases import access

    people, groups = club
    nils = api.person(first_name="Nils")["id"]
    removes = request.param == "adds then removes"
    reads, measured = [], access.current_reach

    def current_reach(uow, actor, sent):
        reads.append(sent)
        with db.transaction() as session:
            if len(reads) == 2:  # `before` is read, the change not yet made
                session.add(GroupMembership(group_id=groups["A"], person_id=nils, role="member"))
            if removes and len(reads) == 5:  # `after` is read; the committed register is next
                session.execute(delete(GroupMembership).where(GroupMembership.person_id == nils))
        return measured(uow, actor, sent)

    monkeypatch.setattr(access, "current_reach", current_reach)
    return set() if removes else {nils}


def test_a_member_the_desk_adds_meanwhile_is_not_counted_against_the_leader(
    api, club, desk_meanwhile
):
    """The access matrix's parallel lanes met this: Nils shows in Lena's reach after her
    change and not before it, yet her change did not bring him."""
    people, groups = club
    lena = lena_as(api, people, groups)
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people["bo"]})
    assert added.status_code == 204, added.text
    assert members_of(api, groups["A"]) == {people["pia"], people["bo"], *desk_meanwhile}


def test_an_outsider_stays_refused_while_the_desk_adds_meanwhile(api, club, desk_meanwhile):
    people, groups = club
    lena = lena_as(api, people, groups)
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people["sven"]})
    assert_refused(added, P.GROUPS_MANAGE, "person_id")
    assert members_of(api, groups["A"]) == {people["pia"], *desk_meanwhile}


def test_leader_holding_groups_manage_may_bring_in_anyone(api, club):
    people, groups = club
    lena = lena_as(api, people, groups, P.GROUPS_MANAGE)
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people["sven"]})
    assert added.status_code == 204, added.text
    assert lena.get(f"/persons/{people['sven']}").status_code == 200


def test_desk_staff_add_anyone_they_already_see(api, club):
    people, groups = club
    desk = api.as_("receptionist")
    added = desk.post(f"/groups/{groups['A']}/members", {"person_id": people["sven"]})
    assert added.status_code == 204, added.text


@pytest.mark.parametrize(
    ("role", "status"),
    [("receptionist", 403), ("group_leader", 403), ("manager", 204), ("owner", 204)],
)
def test_only_groups_manage_appoints_or_removes_leaders(api, club, role, status):
    """A leader sees and changes the members of their group: appointing one grants that reach,
    which is registry.groups.manage's to give (identity's catalogue says so)."""
    people, groups = club
    caller = api.as_(
        role, scopes={"person_id": people["lena"], "groups_led": [groups["A"], groups["B"]]}
    )
    base = f"/groups/{groups['A']}/members"
    appointed = caller.post(base, {"person_id": people["pia"], "role": "leader"})
    removed = caller.delete(f"{base}/{people['lena']}?role=leader")
    assert (appointed.status_code, removed.status_code) == (status, status)
    if status == 403:
        assert_refused(appointed, P.GROUPS_MANAGE, "role")
        assert_refused(removed, P.GROUPS_MANAGE, "role")


def test_bulk_add_group_refuses_outsiders_per_item(api, club):
    people, groups = club
    lena = lena_as(api, people, groups, P.PERSONS_BULK)
    done = lena.post(
        "/persons/bulk",
        {
            "ids": [people["bo"], people["sven"]],
            "action": {"type": "add_group", "group_id": groups["A"]},
        },
    )
    assert done.status_code == 200, done.text
    assert [r["ok"] for r in done.json["results"]] == [True, False]
    assert members_of(api, groups["A"]) == {people["pia"], people["bo"]}


def test_a_persons_groups_cannot_be_patched(api, club):
    people, groups = club
    lena = lena_as(api, people, groups)
    patched = lena.patch(
        f"/persons/{people['lena']}", {"groups": [{"id": groups["C"], "role": "leader"}]}
    )
    assert patched.status_code == 422
    assert "groups" in patched.json["errors"]["json"]


# Families: families.write is a desk permission; a custom role may give it to a scoped caller,
# who then may not use it to bring outsiders within their own family rights.


def family_of(api, person_id: str) -> str:
    return api.get(f"/persons/{person_id}").json["family"]["id"]


def test_scoped_family_writer_cannot_add_an_outsider_to_their_family(api, club):
    people, groups = club
    lena = lena_as(api, people, groups, P.FAMILIES_WRITE)
    family = family_of(api, people["lena"])
    outsider = api.person(first_name="Ute")["id"]
    added = lena.post(f"/families/{family}/members", {"person_id": outsider, "rights": ["view"]})
    assert_refused(added, P.PERSONS_ALL, "person_id")
    assert api.get(f"/persons/{outsider}").json["family"] is None


def test_scoped_family_writer_cannot_raise_their_own_rights_or_become_head(api, club):
    people, groups = club
    lena = lena_as(api, people, groups, P.FAMILIES_WRITE)
    base = f"/families/{family_of(api, people['lena'])}/members/{people['lena']}"
    assert_refused(lena.patch(base, {"rights": ["view", "manage"]}), P.PERSONS_ALL, "rights")
    assert_refused(lena.patch(base, {"is_head": True}), P.PERSONS_ALL, "is_head")
    assert api.get(f"/persons/{people['lena']}").json["family"]["rights"] == ["view"]


def test_scoped_family_writer_cannot_found_a_family_over_outsiders(api, club):
    people, groups = club
    lena = lena_as(api, people, groups, P.FAMILIES_WRITE)
    api.delete(f"/families/{family_of(api, people['lena'])}/members/{people['lena']}")
    outsider = api.person(first_name="Ute")["id"]
    made = lena.post(
        "/families",
        {"name": "Mine", "head_id": people["lena"], "members": [{"person_id": outsider}]},
    )
    assert_refused(made, P.PERSONS_ALL, "members")
    assert api.get(f"/persons/{outsider}").json["family"] is None


def test_scoped_family_writer_may_add_a_person_already_in_their_reach(api, club):
    """Bo is in a group Lena leads: she already changes him; her family adds nothing."""
    people, groups = club
    lena = lena_as(api, people, groups, P.FAMILIES_WRITE)
    family = family_of(api, people["lena"])
    added = lena.post(f"/families/{family}/members", {"person_id": people["bo"]})
    assert added.status_code == 200, added.text


def test_desk_staff_add_anyone_to_any_family(api, club):
    people, _groups = club
    desk = api.as_("receptionist")
    outsider = api.person(first_name="Ute")["id"]
    added = desk.post(
        f"/families/{family_of(api, people['sven'])}/members",
        {"person_id": outsider, "rights": ["view"]},
    )
    assert added.status_code == 200, added.text


# Merges: the kept person takes over the removed one's groups (leaders too) and family.


def test_scoped_merger_cannot_take_over_an_outsiders_groups(api, club):
    people, groups = club
    me = api.person(first_name="Olle")["id"]  # a duplicate of Olle, who leads C
    caller = api.as_(
        permissions=ROLE_PERMISSIONS["member"] | {P.PERSONS_MERGE},
        user_id="u-me",
        scopes={"person_id": me},
    )
    merged = caller.post("/merges", {"keep": me, "remove": people["olle"]})
    assert_refused(merged, P.PERSONS_ALL, "remove")
    assert caller.get(f"/persons/{people['sven']}").status_code == 403
    assert api.get(f"/persons/{people['olle']}").status_code == 200


def test_managers_merge_anyone(api, club):
    people, _groups = club
    duplicate = api.person(first_name="Olle")["id"]
    merged = api.as_("manager").post("/merges", {"keep": duplicate, "remove": people["olle"]})
    assert merged.status_code == 201, merged.text


def test_scopes_the_gateway_still_caches_are_no_reach_to_keep(api, club):
    """Lena no longer leads B; until the event reaches the gateway it still sends B. What she
    reaches before a change is what the register holds, so B's members stay out of A."""
    people, groups = club
    removed = api.delete(f"/groups/{groups['B']}/members/{people['lena']}?role=leader")
    assert removed.status_code == 204
    lena = lena_as(api, people, groups)  # scopes as the gateway cached them
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people["bo"]})
    assert_refused(added, P.GROUPS_MANAGE, "person_id")


def test_scopes_the_gateway_still_caches_do_not_block_a_change_within_reach(api, club):
    """Lena no longer leads C, but the gateway still sends it for a moment (a desk took her off
    seconds ago). Adding Bo, whom she reaches through B, to her group A widens nothing and must
    not be refused because of what C's stale scope shows."""
    people, groups = club
    lena = api.as_(
        permissions=ROLE_PERMISSIONS["group_leader"],
        user_id="u-lena",
        scopes={
            "person_id": people["lena"],
            "groups_led": [groups["A"], groups["B"], groups["C"]],
            "family_rights": {people["kim"]: ["view"]},
        },
    )
    added = lena.post(f"/groups/{groups['A']}/members", {"person_id": people["bo"]})
    assert added.status_code == 204, added.text
    assert people["bo"] in members_of(api, groups["A"])
