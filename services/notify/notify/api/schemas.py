"""Response shapes for messages (marshmallow)."""

from marshmallow import Schema, fields


class MessageOut(Schema):
    id = fields.String(dump_only=True, metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    channel = fields.String(dump_only=True, metadata={"example": "email"})
    to_address = fields.String(dump_only=True, metadata={"example": "asa@example.se"})
    subject = fields.String(dump_only=True, allow_none=True, metadata={"example": "Välkommen!"})
    state = fields.String(dump_only=True, metadata={"example": "queued"})
    created_at = fields.DateTime(dump_only=True)
