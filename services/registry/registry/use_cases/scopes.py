"""The caller's scopes, served to the gateway: groups they lead, family members they act for."""

from __future__ import annotations

from foyer_shared.db import Database
from registry.use_cases import access


def scopes(db: Database, person_id: str) -> dict:
    """Empty lists for a person not (or no longer) in the register: deny by default."""
    with db.read_only() as session:
        held = access.register_scopes(session, person_id)
    return {
        "person_id": person_id,
        "groups_led": sorted(held["groups_led"]),
        "family_rights": held["family_rights"],
    }
