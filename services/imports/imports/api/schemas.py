"""Response shapes for jobs (marshmallow)."""

from marshmallow import Schema, fields


class JobOut(Schema):
    id = fields.String(dump_only=True, metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    kind = fields.String(dump_only=True, metadata={"example": "persons"})
    filename = fields.String(dump_only=True, metadata={"example": "medlemmar-2019.csv"})
    state = fields.String(dump_only=True, metadata={"example": "pending"})
    created_at = fields.DateTime(dump_only=True)
