"""Object-level access: which persons a caller narrowed by scopes may see or change.

Callers holding `registry.persons.all` (staff at the desk) are not narrowed. Everyone else
reaches only: themselves, family members they hold the right over (scopes.family_rights),
and members of the groups they lead (scopes.groups_led). See docs/registry.md.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import GroupMembership, Person
from registry.models.segments import MEMBER
from registry.permissions import PERSONS_ALL
from registry.services import Actor, OutOfScope

READ, EDIT = "view", "manage"  # the family right needed to read / to change a member


def unscoped(actor: Actor) -> bool:
    return actor.holds(PERSONS_ALL)


def reachable_ids(session: Session, actor: Actor, right: str = READ) -> set[str]:
    """Ids of the persons a scoped caller may read (right="view") or change ("manage")."""
    ids: set[str] = set()
    own = own_person_id(session, actor)
    if own:
        ids.add(own)
    for person_id, rights in (actor.scopes.get("family_rights") or {}).items():
        if right in rights or "manage" in rights:
            ids.add(person_id)
    groups = actor.scopes.get("groups_led") or []
    if groups:
        ids |= set(
            session.scalars(
                select(GroupMembership.person_id)
                .where(GroupMembership.group_id.in_(groups))
                .where(GroupMembership.role == MEMBER)
            )
        )
    return ids


def own_person_id(session: Session, actor: Actor) -> str | None:
    """The caller's own person: from the scopes if the gateway put it there, else the person
    linked to the caller's login account (identity.user.created / person_changed)."""
    if actor.person_id:
        return actor.person_id
    if not actor.subject_user_id:
        return None
    return session.scalars(
        select(Person.id).where(Person.user_id == actor.subject_user_id).limit(1)
    ).first()


def ensure_reachable(session: Session, actor: Actor, person_id: str, right: str = READ) -> None:
    if unscoped(actor):
        return
    if person_id not in reachable_ids(session, actor, right):
        raise OutOfScope("this person is outside your scopes (own profile, family, groups led)")


def ensure_leads(actor: Actor, group_id: str) -> None:
    """Group changes by a scoped caller: only in groups they lead."""
    if unscoped(actor):
        return
    if group_id not in (actor.scopes.get("groups_led") or []):
        raise OutOfScope("you do not lead this group")
