"""Groups and teams: leaders and members; scope changes are published for the gateway."""

from __future__ import annotations

from foyer_shared.db import new_id
from registry import events
from registry.domain import reach
from registry.models import Group
from registry.models.segments import LEADER, MEMBER
from registry.use_cases import Actor, NotFound, access, persons
from registry.use_cases.unit_of_work import UnitOfWork


def list_groups(uow: UnitOfWork, actor: Actor):
    with uow.read_only():
        if access.unscoped(actor):
            return uow.groups.listed()
        return uow.groups.listed(only=actor.scopes.get("groups_led") or [])


def create_group(uow: UnitOfWork, data: dict) -> Group:
    with uow.transaction():
        group = Group(id=new_id(), **data)
        uow.groups.add(group)
    return group


def update_group(uow: UnitOfWork, group_id: str, data: dict) -> Group:
    with uow.transaction():
        group = _group(uow, group_id)
        for name, value in data.items():
            setattr(group, name, value)
    return group


def delete_group(uow: UnitOfWork, group_id: str) -> None:
    with uow.transaction():
        group = _group(uow, group_id)
        person_ids = uow.groups.member_ids(group_id)
        uow.groups.delete(group)
        _publish(uow, group_id, person_ids)


# The group's own view names this many leaders and members by name; the rest are paged
# (list_members), so a club-wide group of 40,000 is not one answer.
SHOWN = 100


def get_group(uow: UnitOfWork, actor: Actor, group_id: str) -> dict:
    access.ensure_leads(actor, group_id)
    with uow.read_only():
        group = _group(uow, group_id)
        leaders, leader_count = uow.groups.roster_page(group_id, LEADER, 0, SHOWN)
        members, member_count = uow.groups.roster_page(group_id, MEMBER, 0, SHOWN)
    return {
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "kind": group.kind,
        "leaders": [_named(p, LEADER) for p in leaders],
        "members": [_named(p, MEMBER) for p in members],
        "leader_count": leader_count,
        "member_count": member_count,
    }


def list_members(
    uow: UnitOfWork, actor: Actor, group_id: str, role: str, offset: int, limit: int
) -> tuple[list[dict], int]:
    """A page of the group's members (or leaders), by name, and how many there are."""
    access.ensure_leads(actor, group_id)
    with uow.read_only():
        _group(uow, group_id)
        persons, total = uow.groups.roster_page(group_id, role, offset, limit)
    return [_named(p, role) for p in persons], total


def _named(person, role: str) -> dict:
    return {"person_id": person.id, "name": person.display_name, "role": role}


def add_member(uow: UnitOfWork, actor: Actor, group_id: str, person_id: str, role: str) -> None:
    with uow.transaction():
        add_member_in(uow, actor, group_id, person_id, role)


def add_member_in(uow: UnitOfWork, actor: Actor, group_id: str, person_id: str, role: str):
    """Within a caller's transaction (bulk operations use it too); adding twice is a no-op.
    A leader brings in only persons already within their reach (domain/reach.py)."""
    _check_scope(actor, group_id, role)
    _group(uow, group_id)
    persons.load(uow, person_id)
    if uow.groups.membership(group_id, person_id, role) is None:
        with access.not_widening(uow, actor, reach.GROUP_MEMBERS, "person_id"):
            uow.groups.add_membership(group_id, person_id, role)
        uow.changes.record(person_id, actor, f"groups.{role}", None, group_id)
        _publish(uow, group_id, [person_id])


def remove_member(uow: UnitOfWork, actor: Actor, group_id: str, person_id: str, role: str) -> None:
    with uow.transaction():
        if not remove_member_in(uow, actor, group_id, person_id, role):
            raise NotFound(f"person {person_id} is not a {role} of group {group_id}")


def remove_member_in(uow: UnitOfWork, actor: Actor, group_id: str, person_id: str, role: str):
    _check_scope(actor, group_id, role)
    row = uow.groups.membership(group_id, person_id, role)
    if row is None:
        return False
    uow.groups.remove_membership(row)
    uow.changes.record(person_id, actor, f"groups.{role}", group_id, None)
    _publish(uow, group_id, [person_id])
    return True


def _check_scope(actor: Actor, group_id: str, role: str) -> None:
    access.ensure_leads(actor, group_id)
    if role == LEADER:
        access.ensure_appoints_leaders(actor)


def _group(uow: UnitOfWork, group_id: str) -> Group:
    group = uow.groups.get(group_id)
    if group is None:
        raise NotFound(f"no group with id {group_id}")
    return group


def _publish(uow: UnitOfWork, group_id: str, person_ids: list[str]) -> None:
    # The gateway drops the cached scopes of these persons (leaders gain/lose whom they see).
    uow.publish(
        events.GROUP_MEMBERSHIP_CHANGED,
        {"group_id": group_id, "person_ids": sorted(set(person_ids))},
    )
