"""The registry's permissions, in one place (documented in docs/registry.md)."""

# Route permissions (x-permission). read/write are also held by group leaders and members;
# for them the registry narrows every object to their scopes.
PERSONS_READ = "registry.persons.read"
PERSONS_WRITE = "registry.persons.write"
# Not narrowed by scopes: the desk, trainers, managers see the whole register.
PERSONS_ALL = "registry.persons.all"
PERSONS_DELETE = "registry.persons.delete"
PERSONS_MERGE = "registry.persons.merge"
PERSONS_EXPORT = "registry.persons.export"
PERSONS_BULK = "registry.persons.bulk"
GROUPS_READ = "registry.groups.read"
GROUPS_WRITE = "registry.groups.write"  # leaders: members of their own groups only
GROUPS_MANAGE = "registry.groups.manage"  # create, rename, delete groups, set leaders
FAMILIES_WRITE = "registry.families.write"
RELATIONS_WRITE = "registry.relations.write"
SETTINGS_MANAGE = "registry.settings.manage"  # statuses, interest areas, extended fields
STATUSES_WRITE = "registry.statuses.write"  # set/remove statuses on persons (staff only)
DUPLICATES_READ = "registry.duplicates.read"
CHANGES_READ = "registry.changes.read"
READS_READ = "registry.reads.read"  # who viewed a person's card (the read log)
JOURNAL_READ = "registry.journal.read"  # the confidential journal's texts
JOURNAL_WRITE = "registry.journal.write"
DOCUMENTS_READ = "registry.documents.read"  # personal documents attached to a person
DOCUMENTS_WRITE = "registry.documents.write"
# Look-ups in public registers (SPAR, ARES) and their record: staff who edit cards; never
# the narrowed roles (a register look-up is the business's, under its purpose and contract).
LOOKUPS_USE = "registry.lookups.use"

_STAFF_READ = (PERSONS_READ, PERSONS_ALL, GROUPS_READ, CHANGES_READ, DUPLICATES_READ)
_DESK = (
    *_STAFF_READ,
    PERSONS_WRITE,
    STATUSES_WRITE,
    FAMILIES_WRITE,
    RELATIONS_WRITE,
    GROUPS_WRITE,
    PERSONS_EXPORT,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
    LOOKUPS_USE,
)
_MANAGE = (
    *_DESK,
    PERSONS_DELETE,
    PERSONS_MERGE,
    PERSONS_BULK,
    GROUPS_MANAGE,
    SETTINGS_MANAGE,
    READS_READ,
    JOURNAL_READ,
    JOURNAL_WRITE,
)

# What each built-in role should hold in identity for the registry (owner holds "*").
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "owner": frozenset({"*"}),
    "administrator": frozenset(_MANAGE),
    "manager": frozenset(_MANAGE),
    "receptionist": frozenset(_DESK),
    "trainer": frozenset(_STAFF_READ),
    "group_leader": frozenset({PERSONS_READ, PERSONS_WRITE, GROUPS_READ, GROUPS_WRITE}),
    "member": frozenset({PERSONS_READ, PERSONS_WRITE}),
}
