"""OUT: the events and commands the CRM publishes, its public contract (see docs/events.md).

Each is declared once here, versioned; `make contracts` writes its JSON Schema to contracts/.
"""

from marshmallow import Schema, fields, validate

from crm.accepted import bookings  # noqa: F401  (what crm accepts: `make contracts` reads it)
from crm.models import messaging
from foyer_shared.contracts import Declarations
from foyer_shared.contracts.personal_data import PersonalDataPart
from foyer_shared.messaging import Outbox

declared = Declarations("crm")


class PersonalDataExported(PersonalDataPart):
    """The CRM's part of a GDPR export: the person's card, to-dos and history."""


class NewPersonFields(Schema):
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    company_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)


class CreatePerson(Schema):
    """A person or company created "in the CRM": the registry registers it under `person_id`
    (made by the CRM, whose card already names it) and publishes registry.person.created.
    No field is required; e-mail and phone are checked by the registry's own rules first."""

    person_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["person", "company"]))
    fields_ = fields.Nested(NewPersonFields, required=True, data_key="fields")
    requested_by = fields.String(required=True, allow_none=True)


class TaskChanged(Schema):
    """A to-do was created, (re)assigned, closed, or its reminder time came."""

    task_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["private", "person", "company"]))
    assignee_user_id = fields.String(required=True)
    contact_id = fields.String(required=True, allow_none=True)
    remind_at = fields.DateTime(required=True, allow_none=True)


class BadgeChanged(Schema):
    """A staff member's count of due and overdue to-dos changed (what GET /tasks/badge says)."""

    user_id = fields.String(required=True)
    count = fields.Integer(required=True)


class SendReminder(Schema):
    """Remind a staff member of a to-do, once, on their preferred channel (notify decides it
    from what it knows of `person_id`; `email` is the CRM's copy of their address, if any)."""

    task_id = fields.String(required=True)
    user_id = fields.String(required=True)
    person_id = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)
    subject = fields.String(required=True)
    text = fields.String(required=True)
    remind_at = fields.DateTime(required=True)
    contact_id = fields.String(required=True, allow_none=True)


class SendEmail(Schema):
    """One recipient of a CRM mail-out: notify sends it (a template of its own, or the free
    text), logs it in the person's communication log, and reports on `message_id`."""

    message_id = fields.String(required=True)
    mailout_id = fields.String(required=True)
    person_id = fields.String(required=True)
    email = fields.String(required=True)
    subject = fields.String(required=True, allow_none=True)
    body = fields.String(required=True, allow_none=True)
    template = fields.String(required=True, allow_none=True)
    variables = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    sent_by = fields.String(required=True, allow_none=True)


class SendAccounts(Schema):
    """Ask identity for every account and role name (identity.accounts.listed answers): the
    CRM's copy of staff members is resynced from it (docs/crm.md → Staff resync)."""

    requested_by = fields.String(required=True)


# The answer to the registry's crm.export_personal_data command.
PERSONAL_DATA_EXPORTED = declared.event("crm.personal_data.exported", 1, PersonalDataExported)
# Sent to the registry when a card is created in the CRM (docs/crm.md → Decisions).
CREATE_PERSON = declared.command("registry.create_person", 1, CreatePerson)
TASK_CREATED = declared.event("crm.task.created", 1, TaskChanged)
TASK_ASSIGNED = declared.event("crm.task.assigned", 1, TaskChanged)
TASK_CLOSED = declared.event("crm.task.closed", 1, TaskChanged)
TASK_DUE = declared.event("crm.task.due", 1, TaskChanged)
BADGE_CHANGED = declared.event("crm.badge.changed", 1, BadgeChanged)
# Written with crm.task.due when a reminder time comes (docs/crm.md → Reminders).
SEND_REMINDER = declared.command("notify.send_reminder", 1, SendReminder)
# One per recipient of a mail-out, written by the worker in chunks (docs/crm.md → Mail-outs).
SEND_EMAIL = declared.command("notify.send_email", 1, SendEmail)
# At the worker's start and every FOYER_STAFF_RESYNC_HOURS (docs/crm.md → Staff resync).
SEND_ACCOUNTS = declared.command("identity.send_accounts", 1, SendAccounts)

outbox = Outbox(messaging, source="crm")
