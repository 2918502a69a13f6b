"""Families (households): one head, per-member rights, at most one family per person."""

from __future__ import annotations

from foyer_shared.db import new_id
from foyer_shared.words import N_
from registry import events
from registry.domain import InvalidInput, reach
from registry.models import Family, FamilyMember
from registry.models.family import RIGHTS
from registry.use_cases import Actor, Conflict, NotFound, OutOfScope, access
from registry.use_cases.persons import load
from registry.use_cases.unit_of_work import UnitOfWork


def create_family(uow: UnitOfWork, actor: Actor, name: str, head_id: str, members: list[dict]):
    with uow.transaction():
        family = Family(id=new_id(), name=name)
        uow.families.add(family)
        with access.not_widening(uow, actor, reach.FAMILIES, "members"):
            _join(uow, actor, family, head_id, list(RIGHTS), is_head=True)
            for member in members:
                _join(uow, actor, family, member["person_id"], member.get("rights", []))
        _publish(uow, family.id)
    return family_view(uow, actor, family.id)


def add_member(uow: UnitOfWork, actor: Actor, family_id: str, person_id: str, rights: list[str]):
    with uow.transaction():
        family = _family(uow, family_id)
        with access.not_widening(uow, actor, reach.FAMILIES, "person_id"):
            _join(uow, actor, family, person_id, rights)
        _publish(uow, family_id)


def update_member(
    uow: UnitOfWork, actor: Actor, family_id: str, person_id: str, rights=None, is_head=None
):
    with uow.transaction():
        member = _member(uow, family_id, person_id)
        field = "is_head" if is_head else "rights"
        with access.not_widening(uow, actor, reach.FAMILIES, field):
            if rights is not None:
                _check_rights(rights)
                new = ",".join(sorted(set(rights), key=RIGHTS.index))
                uow.changes.record(person_id, actor, "family.rights", member.rights, new)
                member.rights = new
            if is_head:  # one head: the old head steps down
                for other in uow.families.members(family_id):
                    if other.is_head and other.person_id != person_id:
                        other.is_head = False
                        uow.changes.record(other.person_id, actor, "family.head", True, False)
                member.is_head = True
                uow.changes.record(person_id, actor, "family.head", False, True)
        _publish(uow, family_id, [person_id])


def remove_member(uow: UnitOfWork, actor: Actor, family_id: str, person_id: str) -> None:
    with uow.transaction():
        member = _member(uow, family_id, person_id)
        others = [m for m in uow.families.members(family_id) if m.person_id != person_id]
        if member.is_head and others:
            raise Conflict("choose a new head before the head leaves the family", "person_id")
        person_ids = [person_id] + [m.person_id for m in others]
        uow.families.remove_member(member)
        uow.changes.record(person_id, actor, "family", family_id, None)
        if not others:
            uow.families.delete(_family(uow, family_id))
        _publish(uow, family_id, person_ids)


def family_view(uow: UnitOfWork, actor: Actor, family_id: str) -> dict:
    with uow.read_only():
        family = _family(uow, family_id)
        rows = uow.families.roster(family_id)
        if not access.unscoped(actor):
            if not access.reached(uow, actor, [p.id for _m, p in rows]):
                raise OutOfScope(N_("this family is outside your scopes"))
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


def _join(uow: UnitOfWork, actor: Actor, family: Family, person_id: str, rights, is_head=False):
    _check_rights(rights)
    load(uow, person_id)
    existing = uow.families.member(person_id)
    if existing is not None:
        raise Conflict(f"person {person_id} belongs to a family already", "person_id")
    uow.families.add_member(
        FamilyMember(
            person_id=person_id,
            family_id=family.id,
            is_head=is_head,
            rights=",".join(sorted(set(rights), key=RIGHTS.index)),
        )
    )
    uow.changes.record(person_id, actor, "family", None, family.id)


def _check_rights(rights) -> None:
    bad = [r for r in rights if r not in RIGHTS]
    if bad:
        raise InvalidInput.one("rights", f"unknown rights {bad}; use {list(RIGHTS)}")


def _family(uow: UnitOfWork, family_id: str) -> Family:
    family = uow.families.get(family_id)
    if family is None:
        raise NotFound(f"no family with id {family_id}")
    return family


def _member(uow: UnitOfWork, family_id: str, person_id: str) -> FamilyMember:
    member = uow.families.member(person_id)
    if member is None or member.family_id != family_id:
        raise NotFound(f"person {person_id} is not in family {family_id}")
    return member


def _publish(uow: UnitOfWork, family_id: str, extra: list[str] = ()) -> None:
    ids = {m.person_id for m in uow.families.members(family_id)} | set(extra)
    uow.publish(events.FAMILY_CHANGED, {"family_id": family_id, "person_ids": sorted(ids)})
