"""The events the CRM publishes: its public contract (see docs/events.md).

Each is declared once here, versioned; `make contracts` writes its JSON Schema to contracts/.
"""

from marshmallow import Schema, fields

from crm.models import messaging
from foyer_shared.contracts import Declarations
from foyer_shared.messaging import Outbox

declared = Declarations("crm")


class PersonalDataExported(Schema):
    """The CRM's part of a GDPR export: the person's contacts."""

    export_id = fields.String(required=True)
    person_id = fields.String(required=True)
    data = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


# The answer to the registry's crm.export_personal_data command.
PERSONAL_DATA_EXPORTED = declared.event("crm.personal_data.exported", 1, PersonalDataExported)

# crm.task.created / assigned / due / closed arrive with tasks.
outbox = Outbox(messaging, source="crm")
