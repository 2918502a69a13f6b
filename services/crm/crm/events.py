"""The events the CRM publishes: its public contract (none yet; see docs/events.md)."""

from crm.models import messaging
from foyer_shared.messaging import Outbox

# crm.task.created / assigned / due / closed arrive with tasks; the outbox is ready for them.
outbox = Outbox(messaging, source="crm")
