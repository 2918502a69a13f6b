"""The caller's scopes, served to the gateway: groups they lead, family members they act for."""

from __future__ import annotations

from sqlalchemy import select

from foyer_shared.db import Database
from registry.models import GroupMembership
from registry.models.segments import LEADER
from registry.services.families import scopes_of


def scopes(db: Database, person_id: str) -> dict:
    """Empty lists for a person not (or no longer) in the register: deny by default."""
    with db.read_only() as session:
        groups = sorted(session.scalars(
            select(GroupMembership.group_id)
            .where(GroupMembership.person_id == person_id)
            .where(GroupMembership.role == LEADER)
        ))
        family = scopes_of(session, person_id)
    return {"person_id": person_id, "groups_led": groups, "family_rights": family}
