"""Request and response shapes of cards (contacts)."""

from marshmallow import Schema, fields, validate

from crm.domain.cards import KINDS, STATUSES
from foyer_shared.fields import FreeText, SingleLine

EXAMPLE_ID = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"
_NAME = {"validate": validate.Length(max=100), "allow_none": True}


class TagRef(Schema):
    id = fields.String(metadata={"example": EXAMPLE_ID})
    name = fields.String(metadata={"example": "Gold"})
    archived = fields.Boolean()


class ContactOut(Schema):
    id = fields.String(dump_only=True, metadata={"example": EXAMPLE_ID})
    person_id = fields.String(dump_only=True, metadata={"example": EXAMPLE_ID})
    kind = fields.String(dump_only=True, metadata={"example": "person"})
    status = fields.String(dump_only=True, metadata={"example": "prospect"})
    first_name = fields.String(dump_only=True, metadata={"example": "Åsa"})
    last_name = fields.String(
        dump_only=True, metadata={"example": "Lindström", "description": "companies: the name"}
    )
    name = fields.String(dump_only=True, metadata={"example": "Åsa Lindström"})
    email = fields.String(dump_only=True, allow_none=True, metadata={"example": "asa@example.se"})
    bad_address = fields.Boolean(dump_only=True)
    responsible_user_id = fields.String(dump_only=True, allow_none=True)
    company_id = fields.String(dump_only=True, allow_none=True)
    note = fields.String(dump_only=True, allow_none=True)
    tags = fields.List(fields.Nested(TagRef), dump_only=True)
    status_changed_at = fields.DateTime(dump_only=True, allow_none=True)
    status_changed_by = fields.String(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


class StatusChangeOut(Schema):
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    changed_by = fields.String()
    changed_at = fields.DateTime()


class ContactDetail(ContactOut):
    status_changes = fields.List(fields.Nested(StatusChangeOut), dump_only=True)


class ContactQuery(Schema):
    person_id = fields.UUID(
        load_default=None, metadata={"description": "Only the card of this registry person"}
    )
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    status = fields.List(
        fields.String(validate=validate.OneOf(STATUSES)),
        load_default=list,
        metadata={"description": "any of these statuses (repeat the parameter)"},
    )
    responsible_user_id = fields.UUID(load_default=None)
    tag = fields.List(
        fields.UUID(), load_default=list, metadata={"description": "carrying every one of these"}
    )
    company_id = fields.UUID(load_default=None, metadata={"description": "contacts at a company"})
    q = SingleLine(
        load_default=None,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "part of a name or e-mail"},
    )


class ContactPatch(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    responsible_user_id = fields.UUID(allow_none=True)
    company_id = fields.UUID(allow_none=True, metadata={"description": "a company's card"})
    note = FreeText(allow_none=True, validate=validate.Length(max=10_000))
    tag_ids = fields.List(fields.UUID(), validate=validate.Length(max=100))


class ContactIn(ContactPatch):
    """A new person or company, in the registry and in the CRM; no field is required."""

    kind = fields.String(load_default="person", validate=validate.OneOf(KINDS))
    first_name = SingleLine(**_NAME)
    last_name = SingleLine(**_NAME)
    company_name = SingleLine(validate=validate.Length(max=200), allow_none=True)
    email = SingleLine(validate=validate.Length(max=254), allow_none=True)
    phone = SingleLine(validate=validate.Length(max=40), allow_none=True)
