"""The events identity publishes: its public contract (see docs/events.md). Never secrets."""

from foyer_shared.messaging import Outbox
from identity.models import messaging

USER_CREATED = "identity.user.created"

outbox = Outbox(messaging, source="identity")
