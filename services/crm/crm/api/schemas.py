"""Request and response shapes for contacts (marshmallow)."""

from marshmallow import Schema, fields

EXAMPLE_ID = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"


class ContactOut(Schema):
    id = fields.String(dump_only=True, metadata={"example": EXAMPLE_ID})
    person_id = fields.String(dump_only=True, metadata={"example": EXAMPLE_ID})
    status = fields.String(dump_only=True, metadata={"example": "prospect"})
    first_name = fields.String(dump_only=True, metadata={"example": "Åsa"})
    last_name = fields.String(dump_only=True, metadata={"example": "Lindström"})
    email = fields.String(dump_only=True, allow_none=True, metadata={"example": "asa@example.se"})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class ContactQuery(Schema):
    person_id = fields.UUID(
        load_default=None, metadata={"description": "Only the contact of this registry person"}
    )
