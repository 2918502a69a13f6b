"""The events the registry publishes: its public contract (see docs/events.md)."""

from foyer_shared.messaging import Outbox
from registry.models import messaging

PERSON_CREATED = "registry.person.created"
PERSON_UPDATED = "registry.person.updated"

outbox = Outbox(messaging, source="registry")
