"""Groups and teams: leaders and members; scope changes are published for the gateway."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry import events
from registry.domain import reach
from registry.models import Group, GroupMembership, Person
from registry.models.segments import LEADER, MEMBER
from registry.use_cases import Actor, NotFound, access, changes
from registry.use_cases.persons import load


def list_groups(db: Database, actor: Actor):
    with db.read_only() as session:
        query = select(Group).order_by(Group.name)
        if not access.unscoped(actor):
            query = query.where(Group.id.in_(actor.scopes.get("groups_led") or []))
        return list(session.scalars(query))


def create_group(db: Database, data: dict) -> Group:
    with db.transaction() as session:
        group = Group(**data)
        session.add(group)
    return group


def update_group(db: Database, group_id: str, data: dict) -> Group:
    with db.transaction() as session:
        group = _group(session, group_id)
        for name, value in data.items():
            setattr(group, name, value)
    return group


def delete_group(db: Database, group_id: str) -> None:
    with db.transaction() as session:
        group = _group(session, group_id)
        person_ids = _member_ids(session, group_id)
        session.delete(group)
        _publish(session, group_id, person_ids)


def get_group(db: Database, actor: Actor, group_id: str) -> dict:
    access.ensure_leads(actor, group_id)
    with db.read_only() as session:
        group = _group(session, group_id)
        rows = session.execute(
            select(GroupMembership.role, Person)
            .join(Person, Person.id == GroupMembership.person_id)
            .where(GroupMembership.group_id == group_id)
            .order_by(Person.sort_name)
        ).all()
    people = [{"person_id": p.id, "name": p.display_name, "role": role} for role, p in rows]
    return {
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "kind": group.kind,
        "leaders": [p for p in people if p["role"] == LEADER],
        "members": [p for p in people if p["role"] == MEMBER],
    }


def add_member(db: Database, actor: Actor, group_id: str, person_id: str, role: str) -> None:
    with db.transaction() as session:
        add_member_in(session, actor, group_id, person_id, role)


def add_member_in(session: Session, actor: Actor, group_id: str, person_id: str, role: str):
    """Within a caller's transaction (bulk operations use it too); adding twice is a no-op.
    A leader brings in only persons already within their reach (domain/reach.py)."""
    _check_scope(actor, group_id, role)
    _group(session, group_id)
    load(session, person_id)
    if session.get(GroupMembership, (group_id, person_id, role)) is None:
        with access.not_widening(session, actor, reach.GROUP_MEMBERS, "person_id"):
            session.add(GroupMembership(group_id=group_id, person_id=person_id, role=role))
        changes.record(session, person_id, actor, f"groups.{role}", None, group_id)
        _publish(session, group_id, [person_id])


def remove_member(db: Database, actor: Actor, group_id: str, person_id: str, role: str) -> None:
    with db.transaction() as session:
        if not remove_member_in(session, actor, group_id, person_id, role):
            raise NotFound(f"person {person_id} is not a {role} of group {group_id}")


def remove_member_in(session: Session, actor: Actor, group_id: str, person_id: str, role: str):
    _check_scope(actor, group_id, role)
    row = session.get(GroupMembership, (group_id, person_id, role))
    if row is None:
        return False
    session.delete(row)
    changes.record(session, person_id, actor, f"groups.{role}", group_id, None)
    _publish(session, group_id, [person_id])
    return True


def _check_scope(actor: Actor, group_id: str, role: str) -> None:
    access.ensure_leads(actor, group_id)
    if role == LEADER:
        access.ensure_appoints_leaders(actor)


def _group(session: Session, group_id: str) -> Group:
    group = session.get(Group, group_id)
    if group is None:
        raise NotFound(f"no group with id {group_id}")
    return group


def _member_ids(session: Session, group_id: str) -> list[str]:
    return list(
        session.scalars(
            select(GroupMembership.person_id).where(GroupMembership.group_id == group_id).distinct()
        )
    )


def _publish(session: Session, group_id: str, person_ids: list[str]) -> None:
    # The gateway drops the cached scopes of these persons (leaders gain/lose whom they see).
    events.outbox.event(
        session,
        events.GROUP_MEMBERSHIP_CHANGED,
        {"group_id": group_id, "person_ids": sorted(set(person_ids))},
    )
