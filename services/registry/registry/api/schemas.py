"""Request and response shapes for persons (marshmallow)."""

from marshmallow import Schema, fields, validate

PERSONNUMMER = validate.Regexp(
    r"^(\d{6}|\d{8})-?\d{4}$", error="use YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDDNNNN or YYYYMMDDNNNN"
)
NAME = validate.Length(min=1, max=100)


class PersonIn(Schema):
    first_name = fields.String(required=True, validate=NAME, metadata={"example": "Åsa"})
    last_name = fields.String(required=True, validate=NAME, metadata={"example": "Lindström"})
    email = fields.Email(allow_none=True, metadata={"example": "asa@example.se"})
    phone = fields.String(
        allow_none=True, validate=validate.Length(max=32), metadata={"example": "+46701234567"}
    )
    personnummer = fields.String(
        allow_none=True, validate=PERSONNUMMER, metadata={"example": "19800101-1234"}
    )


class PersonPatch(PersonIn):
    """Any subset of a person's fields; used as PersonPatch(partial=True)."""


class PersonOut(PersonIn):
    id = fields.String(dump_only=True, metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    version = fields.Integer(dump_only=True, metadata={"example": 1})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class PersonQuery(Schema):
    q = fields.String(
        load_default=None,
        metadata={"description": "Free text over name, e-mail, phone and personnummer"},
    )
