"""The events and commands the registry publishes: its public contract (see docs/events.md)."""

from foyer_shared.messaging import Outbox
from registry.models import messaging

PERSON_CREATED = "registry.person.created"
# One per import batch instead of one registry.person.created per row (docs/events.md).
PERSONS_IMPORTED = "registry.persons.imported"
PERSON_UPDATED = "registry.person.updated"
PERSON_DELETED = "registry.person.deleted"
# One per chunk of an import's undo instead of one registry.person.deleted each (docs/events.md).
PERSONS_DELETED = "registry.persons.deleted"
PERSON_MERGED = "registry.person.merged"
GROUP_MEMBERSHIP_CHANGED = "registry.group.membership_changed"
FAMILY_CHANGED = "registry.family.changed"


def export_command(service: str) -> str:
    """`<service>.export_personal_data`, sent to each service holding personal data."""
    return f"{service}.export_personal_data"


outbox = Outbox(messaging, source="registry")
