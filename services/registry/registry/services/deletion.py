"""Deleting a person: refused with the reasons while blockers exist; otherwise erased here and
announced so every other service erases or anonymises its part."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from foyer_shared.db import Database
from registry import events
from registry.models import FamilyMember, GroupMembership, Person, PersonChange
from registry.services import Actor, Blocked, fresh, persons


def blockers(session: Session, person: Person) -> list[str]:
    reasons = []
    if person.is_staff:
        reasons.append("holds staff roles: deactivate the account in identity instead")
    member = session.get(FamilyMember, person.id)
    if member is not None and member.is_head:
        others = session.scalar(
            select(func.count()).select_from(FamilyMember)
            .where(FamilyMember.family_id == member.family_id)
            .where(FamilyMember.person_id != person.id)
        )
        if others:
            reasons.append("is the head of a family with other members: choose a new head first")
    return reasons


def delete_in(session: Session, actor: Actor, person_id: str) -> None:
    """Within a caller's transaction (bulk uses it too)."""
    person = persons.load(session, person_id)
    reasons = blockers(session, person)
    if reasons:
        raise Blocked("this person cannot be deleted", reasons)
    _announce_scope_changes(session, person_id)
    # The change log holds old values too: it goes with the person (right to erasure).
    session.execute(delete(PersonChange).where(PersonChange.person_id == person_id))
    session.delete(person)  # groups, family, statuses, fields, relations cascade
    session.flush()
    events.outbox.event(session, events.PERSON_DELETED, {"person_id": person_id})


def _announce_scope_changes(session: Session, person_id: str) -> None:
    """Leaving groups and a family changes scopes: the gateway drops what it cached."""
    group_ids = session.scalars(select(GroupMembership.group_id).distinct()
                                .where(GroupMembership.person_id == person_id))
    for group_id in group_ids:
        events.outbox.event(session, events.GROUP_MEMBERSHIP_CHANGED,
                            {"group_id": group_id, "person_ids": [person_id]})
    member = session.get(FamilyMember, person_id)
    if member is not None:
        ids = session.scalars(select(FamilyMember.person_id)
                              .where(FamilyMember.family_id == member.family_id))
        events.outbox.event(session, events.FAMILY_CHANGED,
                            {"family_id": member.family_id, "person_ids": sorted(ids)})


def delete_person(db: Database, actor: Actor, person_id: str) -> None:
    def attempt() -> None:
        with db.transaction() as session:
            delete_in(session, actor, person_id)

    fresh.on_fresh_rows(attempt)
