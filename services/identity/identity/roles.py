"""Built-in roles and their permissions (documented in services/identity/README.md)."""

from __future__ import annotations

from foyer_shared.access import ALL_PERMISSIONS

_READ_REGISTER = ("registry.persons.read",)
_FRONT_DESK = (*_READ_REGISTER, "registry.persons.write", "crm.contacts.read")
_MANAGE_PEOPLE = (
    *_FRONT_DESK,
    "crm.contacts.write",
    "crm.tasks.read",
    "crm.tasks.write",
    "imports.jobs.read",
    "imports.jobs.run",
    "notify.messages.read",
    "identity.users.read",
)

BUILT_IN_ROLES: dict[str, frozenset[str]] = {
    # The owner holds every permission, present and future.
    "owner": frozenset({ALL_PERMISSIONS}),
    "administrator": frozenset(
        {*_MANAGE_PEOPLE, "identity.users.manage", "identity.roles.manage", "notify.messages.send"}
    ),
    "manager": frozenset({*_MANAGE_PEOPLE, "notify.messages.send"}),
    "receptionist": frozenset(_FRONT_DESK),
    "trainer": frozenset({*_READ_REGISTER, "crm.contacts.read"}),
    "group_leader": frozenset(_READ_REGISTER),  # narrowed to their groups by registry scopes
    "member": frozenset(),  # members act on their own profile only (registry scopes)
}


class UnknownRole(ValueError):
    def __init__(self, names: list[str]):
        super().__init__(f"unknown role(s): {', '.join(names)}")
        self.field = "roles"


def ensure_known(names: list[str]) -> None:
    unknown = sorted(set(names) - BUILT_IN_ROLES.keys())
    if unknown:
        raise UnknownRole(unknown)


def permissions_of(names: list[str]) -> list[str]:
    """Effective permissions are the union of the roles' permissions."""
    union: set[str] = set()
    for name in names:
        union |= BUILT_IN_ROLES.get(name, frozenset())
    return sorted(union)
