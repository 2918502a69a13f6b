"""Families (households): one head, per-member rights, at most one family per person."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry import events, repository
from registry.domain import InvalidInput, reach
from registry.models import Family, FamilyMember, Person
from registry.models.family import RIGHTS
from registry.use_cases import Actor, Conflict, NotFound, OutOfScope, access, changes
from registry.use_cases.persons import load


def create_family(db: Database, actor: Actor, name: str, head_id: str, members: list[dict]):
    with db.transaction() as session:
        family = Family(name=name)
        session.add(family)
        session.flush()
        with access.not_widening(session, actor, reach.FAMILIES, "members"):
            _join(session, actor, family, head_id, list(RIGHTS), is_head=True)
            for member in members:
                _join(session, actor, family, member["person_id"], member.get("rights", []))
        _publish(session, family.id)
    return family_view(db, actor, family.id)


def add_member(db: Database, actor: Actor, family_id: str, person_id: str, rights: list[str]):
    with db.transaction() as session:
        family = _family(session, family_id)
        with access.not_widening(session, actor, reach.FAMILIES, "person_id"):
            _join(session, actor, family, person_id, rights)
        _publish(session, family_id)


def update_member(
    db: Database, actor: Actor, family_id: str, person_id: str, rights=None, is_head=None
):
    with db.transaction() as session:
        member = _member(session, family_id, person_id)
        field = "is_head" if is_head else "rights"
        with access.not_widening(session, actor, reach.FAMILIES, field):
            if rights is not None:
                _check_rights(rights)
                new = ",".join(sorted(set(rights), key=RIGHTS.index))
                changes.record(session, person_id, actor, "family.rights", member.rights, new)
                member.rights = new
            if is_head:  # one head: the old head steps down
                for other in repository.families.members(session, family_id):
                    if other.is_head and other.person_id != person_id:
                        other.is_head = False
                        changes.record(session, other.person_id, actor, "family.head", True, False)
                member.is_head = True
                changes.record(session, person_id, actor, "family.head", False, True)
        _publish(session, family_id, [person_id])


def remove_member(db: Database, actor: Actor, family_id: str, person_id: str) -> None:
    with db.transaction() as session:
        member = _member(session, family_id, person_id)
        others = [
            m for m in repository.families.members(session, family_id) if m.person_id != person_id
        ]
        if member.is_head and others:
            raise Conflict("choose a new head before the head leaves the family", "person_id")
        person_ids = [person_id] + [m.person_id for m in others]
        session.delete(member)
        changes.record(session, person_id, actor, "family", family_id, None)
        if not others:
            session.delete(_family(session, family_id))
        _publish(session, family_id, person_ids)


def family_view(db: Database, actor: Actor, family_id: str) -> dict:
    with db.read_only() as session:
        family = _family(session, family_id)
        rows = session.execute(
            select(FamilyMember, Person)
            .join(Person, Person.id == FamilyMember.person_id)
            .where(FamilyMember.family_id == family_id)
        ).all()
        if not access.unscoped(actor):
            if not access.reachable_ids(session, actor) & {p.id for _m, p in rows}:
                raise OutOfScope("this family is outside your scopes")
    return {
        "id": family.id,
        "name": family.name,
        "members": [
            {
                "person_id": p.id,
                "name": p.display_name,
                "is_head": m.is_head,
                "rights": [r for r in m.rights.split(",") if r],
            }
            for m, p in sorted(rows, key=lambda r: (not r[0].is_head, r[1].display_name))
        ],
    }


def _join(session: Session, actor: Actor, family: Family, person_id: str, rights, is_head=False):
    _check_rights(rights)
    load(session, person_id)
    existing = session.get(FamilyMember, person_id)
    if existing is not None:
        raise Conflict(f"person {person_id} belongs to a family already", "person_id")
    session.add(
        FamilyMember(
            person_id=person_id,
            family_id=family.id,
            is_head=is_head,
            rights=",".join(sorted(set(rights), key=RIGHTS.index)),
        )
    )
    session.flush()
    changes.record(session, person_id, actor, "family", None, family.id)


def _check_rights(rights) -> None:
    bad = [r for r in rights if r not in RIGHTS]
    if bad:
        raise InvalidInput.one("rights", f"unknown rights {bad}; use {list(RIGHTS)}")


def _family(session: Session, family_id: str) -> Family:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(f"no family with id {family_id}")
    return family


def _member(session: Session, family_id: str, person_id: str) -> FamilyMember:
    member = session.get(FamilyMember, person_id)
    if member is None or member.family_id != family_id:
        raise NotFound(f"person {person_id} is not in family {family_id}")
    return member


def _publish(session: Session, family_id: str, extra: list[str] = ()) -> None:
    ids = {m.person_id for m in repository.families.members(session, family_id)} | set(extra)
    events.outbox.event(
        session, events.FAMILY_CHANGED, {"family_id": family_id, "person_ids": sorted(ids)}
    )
