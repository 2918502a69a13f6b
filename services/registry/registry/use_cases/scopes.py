"""The caller's scopes, served to the gateway: groups they lead, family members they act for."""

from __future__ import annotations

from registry.use_cases import access
from registry.use_cases.unit_of_work import UnitOfWork


def scopes(uow: UnitOfWork, person_id: str) -> dict:
    """Empty lists for a person not (or no longer) in the register: deny by default."""
    with uow.read_only():
        held = access.register_scopes(uow, person_id)
    return {
        "person_id": person_id,
        "groups_led": sorted(held["groups_led"]),
        "family_rights": held["family_rights"],
    }
