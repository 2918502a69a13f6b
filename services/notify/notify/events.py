"""The events notify publishes: its public contract (see docs/events.md).

Each is declared once here, versioned; `make contracts` writes its JSON Schema to contracts/.
"""

from marshmallow import Schema, fields

from foyer_shared.contracts import Declarations
from foyer_shared.messaging import Outbox
from notify.models import messaging

declared = Declarations("notify")


class PersonalDataExported(Schema):
    """notify's part of a GDPR export: the messages sent to the person."""

    export_id = fields.String(required=True)
    person_id = fields.String(required=True)
    data = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


class AddressBounced(Schema):
    """An address bounced; the registry flags it while it is still the person's address."""

    message_id = fields.String(required=True)
    person_id = fields.String(required=True)
    address = fields.String(required=True)
    channel = fields.String(metadata={"description": "email or sms (e-mail when absent)"})


# The answer to the registry's notify.export_personal_data command.
PERSONAL_DATA_EXPORTED = declared.event("notify.personal_data.exported", 1, PersonalDataExported)
# Agreed with the registry, which consumes it already; notify publishes it once delivery comes
# (notify.message.delivered / failed arrive with their issues too).
ADDRESS_BOUNCED = declared.event("notify.address.bounced", 1, AddressBounced)

outbox = Outbox(messaging, source="notify")


def address_bounced(session, message) -> None:
    """Only ids and the address: never the content."""
    outbox.event(
        session,
        ADDRESS_BOUNCED,
        {
            "message_id": message.id,
            "person_id": message.person_id,
            "address": message.to_address,
            "channel": message.channel,
        },
    )
