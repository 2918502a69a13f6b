"""The events the CRM publishes: its public contract (see docs/events.md)."""

from crm.models import messaging
from foyer_shared.messaging import Outbox

# The answer to the registry's crm.export_personal_data command.
PERSONAL_DATA_EXPORTED = "crm.personal_data.exported"

# crm.task.created / assigned / due / closed arrive with tasks.
outbox = Outbox(messaging, source="crm")
