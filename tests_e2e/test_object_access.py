"""Object-level access through the real gateway: scopes come from the registry, per caller.

A member sees only themselves; a group leader sees the members of the group they lead and no
one else; the front desk sees everyone but cannot delete. Leading a group takes effect at once
(registry.group.membership_changed drops the gateway's cached scopes).
"""

from __future__ import annotations

import uuid

import pytest
import requests
from e2e_accounts import make_account, make_person

pytestmark = pytest.mark.xdist_group("e2e")

PASSWORD = "scoped-long-passphrase-3"


def _person(gateway, owner_headers, first_name: str) -> str:
    last_name = f"Test{uuid.uuid4().hex[:6]}"
    return make_person(gateway, owner_headers, first_name=first_name, last_name=last_name)["id"]


def _account_for(gateway, owner_headers, login, person_id: str, role: str) -> dict:
    made = make_account(gateway, owner_headers, PASSWORD, [role], person_id, prefix=role)
    return {"Authorization": f"Bearer {login(made['username'], PASSWORD)}"}


def _get(gateway, headers, person_id: str) -> int:
    return requests.get(
        f"{gateway}/api/registry/persons/{person_id}", headers=headers, timeout=10
    ).status_code


def test_member_sees_only_themselves(gateway, owner_headers, login):
    me = _person(gateway, owner_headers, "Maja")
    stranger = _person(gateway, owner_headers, "Sven")
    member = _account_for(gateway, owner_headers, login, me, "member")
    assert _get(gateway, member, me) == 200
    assert _get(gateway, member, stranger) == 403
    listed = requests.get(f"{gateway}/api/registry/persons", headers=member, timeout=10)
    assert listed.status_code == 200
    assert [person["id"] for person in listed.json()] == [me]


def test_group_leader_sees_their_group_only_and_at_once(gateway, owner_headers, login, eventually):
    leader_person = _person(gateway, owner_headers, "Lena")
    player = _person(gateway, owner_headers, "Pelle")
    outsider = _person(gateway, owner_headers, "Olle")
    leader = _account_for(gateway, owner_headers, login, leader_person, "group_leader")
    assert _get(gateway, leader, player) == 403  # leads nothing yet (and that is now cached)

    group = requests.post(
        f"{gateway}/api/registry/groups",
        json={"name": f"P12 {uuid.uuid4().hex[:4]}", "kind": "team"},
        headers=owner_headers,
        timeout=10,
    )
    assert group.status_code == 201, group.text
    members = f"{gateway}/api/registry/groups/{group.json()['id']}/members"
    for person_id, role in ((leader_person, "leader"), (player, "member")):
        added = requests.post(
            members, json={"person_id": person_id, "role": role}, headers=owner_headers, timeout=10
        )
        assert added.status_code == 204, added.text

    # The cached empty scopes are dropped by the membership event, not by a TTL.
    eventually(lambda: _get(gateway, leader, player) == 200, timeout=2)
    assert _get(gateway, leader, outsider) == 403


def test_front_desk_reads_everyone_but_cannot_delete(gateway, owner_headers, login):
    desk_person = _person(gateway, owner_headers, "Rita")
    someone = _person(gateway, owner_headers, "Stina")
    desk = _account_for(gateway, owner_headers, login, desk_person, "receptionist")
    assert _get(gateway, desk, someone) == 200
    deleted = requests.delete(f"{gateway}/api/registry/persons/{someone}", headers=desk, timeout=10)
    assert deleted.status_code == 403
    assert "registry.persons.delete" in deleted.json()["message"]


def _group(gateway, owner_headers, *members: tuple[str, str]) -> str:
    made = requests.post(
        f"{gateway}/api/registry/groups",
        json={"name": f"G {uuid.uuid4().hex[:6]}", "kind": "group"},
        headers=owner_headers,
        timeout=10,
    )
    assert made.status_code == 201, made.text
    for person_id, role in members:
        added = requests.post(
            f"{gateway}/api/registry/groups/{made.json()['id']}/members",
            json={"person_id": person_id, "role": role},
            headers=owner_headers,
            timeout=10,
        )
        assert added.status_code == 204, added.text
    return made.json()["id"]


def test_group_leader_cannot_pull_an_outsider_into_reach(gateway, owner_headers, login, eventually):
    """Issue 17, finding 2: adding someone to one's own group must not widen one's reach."""
    leader_person = _person(gateway, owner_headers, "Lena")
    pupil = _person(gateway, owner_headers, "Pia")
    outsider = _person(gateway, owner_headers, "Olle")
    first = _group(gateway, owner_headers, (leader_person, "leader"))
    _group(gateway, owner_headers, (leader_person, "leader"), (pupil, "member"))
    leader = _account_for(gateway, owner_headers, login, leader_person, "group_leader")
    eventually(lambda: _get(gateway, leader, pupil) == 200, timeout=5)

    members = f"{gateway}/api/registry/groups/{first}/members"
    refused = requests.post(members, json={"person_id": outsider}, headers=leader, timeout=10)
    assert refused.status_code == 403, refused.text
    assert "registry.groups.manage" in refused.json()["message"]
    assert _get(gateway, leader, outsider) == 403

    # Someone already within reach (a member of the other group the leader leads) may join.
    added = requests.post(members, json={"person_id": pupil}, headers=leader, timeout=10)
    assert added.status_code == 204, added.text
    # Staff holding registry.groups.manage may bring in anyone.
    added = requests.post(members, json={"person_id": outsider}, headers=owner_headers, timeout=10)
    assert added.status_code == 204, added.text
    eventually(lambda: _get(gateway, leader, outsider) == 200, timeout=5)
