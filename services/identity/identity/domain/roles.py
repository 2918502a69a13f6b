"""Built-in roles and their permissions (documented in services/identity/README.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from foyer_shared.access import ALL_PERMISSIONS

# Every active account holds this: its own password and sessions (see docs/identity.md).
OWN_ACCOUNT = "identity.own_account.manage"
OWNER, MEMBER = "owner", "member"

# Registry permissions as the registry documents them (docs/registry.md → Permissions):
# `registry.persons.all` lifts the scope narrowing, so the desk sees the whole register while
# group leaders and members, holding only read/write, see themselves, their family and groups.
_REGISTRY_READ = (
    "registry.persons.read",
    "registry.persons.all",
    "registry.groups.read",
    "registry.changes.read",
    "registry.duplicates.read",
)
_REGISTRY_DESK = (
    *_REGISTRY_READ,
    "registry.persons.write",
    "registry.statuses.write",
    "registry.families.write",
    "registry.relations.write",
    "registry.groups.write",
    "registry.persons.export",
    "registry.documents.read",
    "registry.documents.write",
    "registry.lookups.use",
)
_REGISTRY_MANAGE = (
    *_REGISTRY_DESK,
    "registry.persons.delete",
    "registry.persons.merge",
    "registry.persons.bulk",
    "registry.groups.manage",
    "registry.settings.manage",
    "registry.reads.read",
    "registry.journal.read",
    "registry.journal.write",
)
_SCOPED_SELF = ("registry.persons.read", "registry.persons.write")

_FRONT_DESK = (*_REGISTRY_DESK, "crm.contacts.read")
_MANAGE_PEOPLE = (
    *_REGISTRY_MANAGE,
    "crm.contacts.read",
    "crm.contacts.write",
    "crm.tasks.read",
    "crm.tasks.write",
    "imports.jobs.read",
    "imports.jobs.write",
    "imports.jobs.run",
    "notify.messages.read",
    "identity.users.read",
)

BUILT_IN_ROLES: dict[str, frozenset[str]] = {
    # The owner holds every permission, present and future (identity.impersonate included).
    OWNER: frozenset({ALL_PERMISSIONS}),
    "administrator": frozenset(
        {
            *_MANAGE_PEOPLE,
            "identity.users.manage",
            "identity.roles.manage",
            "identity.sessions.manage",
            "identity.audit.read",
            "notify.messages.send",
            "crm.settings.write",
            "crm.mailouts.send",
        }
    ),
    "manager": frozenset({*_MANAGE_PEOPLE, "notify.messages.send", "crm.mailouts.send"}),
    "receptionist": frozenset(_FRONT_DESK),
    "trainer": frozenset({*_REGISTRY_READ, "crm.contacts.read"}),
    # Narrowed by registry scopes to the members of the groups they lead.
    "group_leader": frozenset({*_SCOPED_SELF, "registry.groups.read", "registry.groups.write"}),
    MEMBER: frozenset(_SCOPED_SELF),  # themselves and the family members they have rights over
}

# What each built-in role is for, as GET /roles gives it (the console says it in the reader's
# language: services/console/console/display.py).
BUILT_IN_DESCRIPTIONS: dict[str, str] = {
    OWNER: "Everything, including what later versions of Foyer add.",
    "administrator": "Runs the register, staff accounts and roles, sessions, the audit log and "
    "the CRM.",
    "manager": "Runs the register (merges, deletions, imports, groups), the CRM and messages.",
    "receptionist": "The desk: finds, registers and changes people, families and groups; reads "
    "the CRM.",
    "trainer": "Reads the register and the CRM.",
    "group_leader": "Sees and changes the members of the groups they lead, and their own card.",
    MEMBER: "Their own card and the family members they have rights over.",
}


class UnknownRole(ValueError):
    def __init__(self, names: list[str]):
        super().__init__(f"unknown role(s): {', '.join(names)}")
        self.field = "roles"


def ensure_known(names: Iterable[str], custom: Mapping[str, Iterable[str]] = {}) -> None:
    unknown = sorted(set(names) - BUILT_IN_ROLES.keys() - set(custom))
    if unknown:
        raise UnknownRole(unknown)


def permissions_of(names: Iterable[str], custom: Mapping[str, Iterable[str]] = {}) -> list[str]:
    """Effective permissions are the union of the roles' permissions (built-in or custom)."""
    union: set[str] = set()
    for name in names:
        union |= BUILT_IN_ROLES.get(name) or frozenset(custom.get(name, ()))
    return sorted(union)


def is_staff(names: Iterable[str]) -> bool:
    """Staff = holds any role but `member` (the registry's staff flag; deletion guard)."""
    return any(name != MEMBER for name in names)
