"""Request and response shapes of messages (marshmallow)."""

from marshmallow import Schema, fields, validate

from notify.use_cases.outgoing import CHANNELS


class MessageOut(Schema):
    id = fields.String(dump_only=True, metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    person_id = fields.String(dump_only=True, allow_none=True)
    type = fields.String(attribute="kind", dump_only=True, metadata={"example": "staff_message"})
    language = fields.String(dump_only=True, allow_none=True, metadata={"example": "sv"})
    channel = fields.String(dump_only=True, metadata={"example": "email"})
    to_address = fields.String(dump_only=True, metadata={"example": "asa@example.se"})
    subject = fields.String(dump_only=True, allow_none=True, metadata={"example": "Välkommen!"})
    state = fields.String(dump_only=True, metadata={"example": "queued"})
    reason = fields.String(dump_only=True, allow_none=True)
    attempts = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_attempt_at = fields.DateTime(dump_only=True, allow_none=True)
    sent_at = fields.DateTime(dump_only=True, allow_none=True)


class StaffMessageIn(Schema):
    person_ids = fields.List(
        fields.UUID(), required=True, validate=validate.Length(min=1, max=5_000)
    )
    subject = fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = fields.String(required=True, validate=validate.Length(min=1, max=50_000))
    sender_name = fields.String(load_default="", validate=validate.Length(max=100))
    channel = fields.String(
        load_default="email",
        validate=validate.OneOf(CHANNELS),
        metadata={"description": "email, sms, or preferred (the person's reminder choice)"},
    )


class ActivationRunIn(Schema):
    import_job_id = fields.UUID(
        required=True, metadata={"description": "the import job whose run created the accounts"}
    )


class ActivationRunOut(Schema):
    id = fields.String(dump_only=True)
    import_job_id = fields.String(dump_only=True)
    requested_by = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    state = fields.String(
        dump_only=True,
        metadata={"description": "issuing links (identity has not answered all), sending, done"},
    )
    accounts = fields.Integer(dump_only=True, metadata={"description": "accounts the import made"})
    links_issued = fields.Integer(dump_only=True)
    skipped = fields.Integer(
        dump_only=True, metadata={"description": "not pending any more, no e-mail, or gone"}
    )
    messages = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        dump_only=True,
        metadata={"description": "the activation mails by state (queued, sent, failed, ...)"},
    )
