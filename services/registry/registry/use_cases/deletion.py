"""Deleting a person: refused with the reasons while blockers exist; otherwise erased here and
announced so every other service erases or anonymises its part."""

from __future__ import annotations

from registry import events
from registry.models import Person
from registry.use_cases import Actor, Blocked, fresh, persons
from registry.use_cases.unit_of_work import UnitOfWork

STAFF = "holds staff roles: deactivate the account in identity instead"
HEAD = "is the head of a family with other members: choose a new head first"


def blockers(uow: UnitOfWork, person: Person) -> list[str]:
    """Why the person cannot be deleted now (nothing: they can)."""
    reasons = []
    if person.is_staff:
        reasons.append(STAFF)
    member = uow.families.member(person.id)
    if member is not None and member.is_head:
        if uow.families.count_others(member.family_id, person.id):
            reasons.append(HEAD)
    return reasons


def delete_in(uow: UnitOfWork, actor: Actor, person_id: str) -> None:
    """Within a caller's transaction (bulk uses it too)."""
    person = persons.load(uow, person_id)
    reasons = blockers(uow, person)
    if reasons:
        raise Blocked("this person cannot be deleted", reasons)
    _announce_scope_changes(uow, person_id)
    uow.persons.erase(person)  # the change log too; groups, family, fields... cascade
    uow.publish(events.PERSON_DELETED, {"person_id": person_id})


def _announce_scope_changes(uow: UnitOfWork, person_id: str) -> None:
    """Leaving groups and a family changes scopes: the gateway drops what it cached."""
    for group_id in uow.groups.of_person(person_id):
        uow.publish(
            events.GROUP_MEMBERSHIP_CHANGED, {"group_id": group_id, "person_ids": [person_id]}
        )
    member = uow.families.member(person_id)
    if member is not None:
        ids = [m.person_id for m in uow.families.members(member.family_id)]
        uow.publish(
            events.FAMILY_CHANGED, {"family_id": member.family_id, "person_ids": sorted(ids)}
        )


def delete_person(uow: UnitOfWork, actor: Actor, person_id: str) -> None:
    def attempt() -> None:
        with uow.transaction():
            delete_in(uow, actor, person_id)

    fresh.on_fresh_rows(attempt)
