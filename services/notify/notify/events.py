"""The events notify publishes: its public contract (see docs/events.md).

Each is declared once here, versioned; `make contracts` writes its JSON Schema to contracts/.
"""

from marshmallow import Schema, fields, validate

from foyer_shared.contracts import Declarations
from foyer_shared.contracts.personal_data import PersonalDataPart
from foyer_shared.messaging import Outbox
from notify.models import messaging

declared = Declarations("notify")


class PersonalDataExported(PersonalDataPart):
    """notify's part of a GDPR export: the messages sent to the person."""


class AddressBounced(Schema):
    """An address bounced; the registry flags it while it is still the person's address."""

    message_id = fields.String(required=True)
    person_id = fields.String(required=True)
    address = fields.String(required=True)
    channel = fields.String(metadata={"description": "email or sms (e-mail when absent)"})


class MessageSent(Schema):
    """A message notify sent on someone's behalf (crm's notify.send_email or
    notify.send_reminder) was accepted by the SMTP server or SMS provider. Ids only."""

    message_id = fields.String(required=True, metadata={"description": "notify's message id"})
    request_id = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "the requester's id of it (a mail-out recipient's message_id)"},
    )
    mailout_id = fields.String(required=True, allow_none=True)
    task_id = fields.String(required=True, allow_none=True)
    person_id = fields.String(required=True, allow_none=True)
    channel = fields.String(required=True, validate=validate.OneOf(["email", "sms"]))


class MessageFailed(MessageSent):
    """A message notify was asked to send on someone's behalf will not be (or was not)
    delivered: given up, bounced (also after `notify.message.sent`), or never sent."""

    state = fields.String(
        required=True, validate=validate.OneOf(["failed", "bounced", "suppressed"])
    )
    reason = fields.String(required=True, allow_none=True)


class ReminderTask(Schema):
    task_id = fields.String(required=True)
    title = fields.String(required=True)
    due_at = fields.DateTime(allow_none=True)
    contact_name = fields.String(allow_none=True)  # whom the task is about
    link = fields.String(allow_none=True)  # where the task opens


class TaskReminder(Schema):
    """Remind a person of their due tasks (one message listing them all), on the channel their
    reminder preferences in the registry choose: e-mail, SMS, both, or none (logged as such)."""

    person_id = fields.String(required=True)
    tasks = fields.List(fields.Nested(ReminderTask), required=True)


class RequestActivations(Schema):
    """Ask identity to issue activation links to these accounts (the pending ones with an
    e-mail); it publishes identity.user.activation_requested with `bulk_id` for each, then
    identity.activations.issued with the counts."""

    bulk_id = fields.String(required=True)
    user_ids = fields.List(fields.String(), required=True)
    requested_by = fields.String(required=True, allow_none=True)


# The answer to the registry's notify.export_personal_data command.
PERSONAL_DATA_EXPORTED = declared.event("notify.personal_data.exported", 1, PersonalDataExported)
# Agreed with the registry, which consumes it already; notify publishes it once delivery comes
# (notify.message.delivered / failed arrive with their issues too).
ADDRESS_BOUNCED = declared.event("notify.address.bounced", 1, AddressBounced)
# The results of what crm asked for (use_cases/results.py); crm counts a mail-out's with them.
MESSAGE_SENT = declared.event("notify.message.sent", 1, MessageSent)
MESSAGE_FAILED = declared.event("notify.message.failed", 1, MessageFailed)
# What notify accepts from crm (docs/events.md): crm declares it alike when it starts sending.
TASK_REMINDER = declared.command("notify.task_reminder", 1, TaskReminder)

# Bulk activation after an import (use_cases/bulk_activation.py); only identity issues links.
REQUEST_ACTIVATIONS = declared.command("identity.request_activations", 1, RequestActivations)

outbox = Outbox(messaging, source="notify")


def request_activations(session, bulk_id: str, user_ids: list[str], requested_by) -> None:
    outbox.command(
        session,
        REQUEST_ACTIVATIONS,
        {"bulk_id": bulk_id, "user_ids": user_ids, "requested_by": requested_by},
    )


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


def message_result(session, message, sent: bool) -> None:
    """`notify.message.sent` or `failed` for a message sent on someone's behalf: ids, the state
    and the reason only, never the address or the content."""
    message_results(session, [message], sent)


def message_results(session, messages, sent: bool) -> None:
    """The same for many messages that ended alike (a batch of a mail-out): one INSERT."""
    datas = [_result(message, sent) for message in messages]
    outbox.events(session, MESSAGE_SENT if sent else MESSAGE_FAILED, datas)


def _result(message, sent: bool) -> dict:
    data = {
        "message_id": message.id,
        "request_id": message.request_id,
        "mailout_id": message.mailout_id,
        "task_id": message.task_id,
        "person_id": message.person_id,
        "channel": message.channel,
    }
    if sent:
        return data
    reason = (message.reason or "")[:200] or None
    return {**data, "state": message.state, "reason": reason}
