"""The events notify publishes: its public contract (none yet; see docs/events.md)."""

from foyer_shared.messaging import Outbox
from notify.models import messaging

# notify.message.delivered / failed and notify.address.bounced arrive with their issues;
# the outbox is ready for them.
outbox = Outbox(messaging, source="notify")
