"""The events notify publishes: its public contract (see docs/events.md)."""

from foyer_shared.messaging import Outbox
from notify.models import messaging

# The answer to the registry's notify.export_personal_data command.
PERSONAL_DATA_EXPORTED = "notify.personal_data.exported"

# notify.message.delivered / failed and notify.address.bounced arrive with their issues.
outbox = Outbox(messaging, source="notify")
