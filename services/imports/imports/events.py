"""The events imports publishes: its public contract (none yet; see docs/events.md)."""

from foyer_shared.messaging import Outbox
from imports.models import messaging

# imports.job.completed / failed arrive with their issues; the outbox is ready for them.
outbox = Outbox(messaging, source="imports")
