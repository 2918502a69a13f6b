"""Queries about families: who is in one, and the rights members hold over each other."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import FamilyMember
from registry.models.family import RIGHTS


def members(session: Session, family_id: str) -> list[FamilyMember]:
    return list(session.scalars(select(FamilyMember).where(FamilyMember.family_id == family_id)))


def scopes_of(session: Session, person_id: str) -> dict[str, list[str]]:
    """{other member: rights} for the person's family; the head holds every right."""
    me = session.get(FamilyMember, person_id)
    if me is None:
        return {}
    rights = list(RIGHTS) if me.is_head else [r for r in me.rights.split(",") if r]
    if not rights:
        return {}
    return {m.person_id: rights for m in members(session, me.family_id) if m.person_id != person_id}
