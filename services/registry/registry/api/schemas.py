"""Request and response shapes for persons and companies (marshmallow)."""

from marshmallow import Schema, fields, validate

from foyer_shared.fields import AwareDateTime, EmailAddress, FreeText, SingleLine
from registry.domain.field_types import CONTEXTS

NAME = validate.Length(min=1, max=100)
TEXT = validate.Length(max=200)
SORTS = ("name", "-name", "created_at", "-created_at", "personnummer", "external_number")


def _str(max_len: int = 200, **kw):
    return SingleLine(allow_none=True, validate=validate.Length(max=max_len), **kw)


def _text(max_len: int, **kw):
    return FreeText(allow_none=True, validate=validate.Length(max=max_len), **kw)


class PersonIn(Schema):
    kind = fields.String(
        load_default="person",
        validate=validate.OneOf(["person", "company"]),
        metadata={"description": "person (default) or company"},
    )
    first_name = SingleLine(allow_none=True, validate=NAME, metadata={"example": "Åsa"})
    last_name = SingleLine(allow_none=True, validate=NAME, metadata={"example": "Lindström"})
    company_name = _str(200, metadata={"example": "Lindströms Bygg AB"})
    org_number = _str(13, metadata={"example": "556677-8899"})
    personnummer = _str(
        13,
        metadata={
            "example": "19800101-1234",
            "description": "YYYYMMDD-NNNN, YYMMDD-NNNN, YYMMDDNNNN or YYYYMMDDNNNN",
        },
    )
    # Checked by the shared rule when stored (foyer_shared.identifiers), as an import is.
    email = EmailAddress(allow_none=True, metadata={"example": "asa@example.se"})
    phone = _str(32, metadata={"example": "070-123 45 67"})
    mobile_phone = _str(32, metadata={"example": "+46701234567"})
    address = _str(200)
    postal_code = _str(16)
    city = _str(100)
    country = _str(2, metadata={"example": "SE"})
    language = _str(8, metadata={"example": "sv"})
    remind_by_email = fields.Boolean()
    remind_by_sms = fields.Boolean()
    note = _text(10_000)
    important_note = _text(10_000)
    external_number = _str(64)
    home_facility = _str(100)
    invoice_address = _str(200)
    invoice_postal_code = _str(16)
    invoice_city = _str(100)
    visiting_address = _str(200)
    visiting_postal_code = _str(16)
    visiting_city = _str(100)
    extra_fields = fields.Dict(
        keys=SingleLine(), metadata={"description": "Extended field values by key"}
    )
    context = fields.String(
        validate=validate.OneOf(CONTEXTS),
        metadata={"description": "Checks the fields required in this context"},
    )


class PersonPatch(PersonIn):
    """Any subset of a person's fields; `kind` cannot change."""

    class Meta:
        exclude = ("kind",)


class PersonOut(PersonIn):
    id = fields.String(dump_only=True, metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    display_name = fields.String(dump_only=True)
    birth_date = fields.Date(dump_only=True, allow_none=True)
    is_staff = fields.Boolean(dump_only=True)
    bad_address = fields.Boolean(dump_only=True)
    statuses = fields.List(fields.Dict(), dump_only=True, metadata={"description": "staff only"})
    interests = fields.List(fields.Dict(), dump_only=True)
    groups = fields.List(fields.Dict(), dump_only=True)
    relations = fields.List(fields.Dict(), dump_only=True)
    family = fields.Dict(dump_only=True, allow_none=True)
    version = fields.Integer(dump_only=True, metadata={"example": 1})
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)

    class Meta:
        exclude = ("context",)


class PersonQuery(Schema):
    q = SingleLine(
        load_default=None,
        metadata={"description": "Free text over name, e-mail, phone, personnummer, number"},
    )
    kind = fields.String(validate=validate.OneOf(["person", "company"]))
    group_id = fields.UUID()
    status_id = fields.UUID()
    interest_id = fields.UUID()
    staff = fields.Boolean(metadata={"description": "true: staff only; false: customers only"})
    consented_to = SingleLine(
        metadata={
            "description": "only persons whose current consent to this purpose is given",
            "example": "photos",
        }
    )
    not_consented_to = SingleLine(
        metadata={
            "description": "only persons who have not consented to this purpose (never asked, "
            "refused or withdrawn)",
            "example": "photos",
        }
    )
    created_from = AwareDateTime()
    created_to = AwareDateTime()
    sort = fields.String(load_default="name", validate=validate.OneOf(SORTS))


class ChangeOut(Schema):
    id = fields.String()
    changed_at = fields.DateTime()
    changed_by = fields.String(allow_none=True, metadata={"example": "user id"})
    field = fields.String(metadata={"example": "email"})
    old = fields.Raw(allow_none=True, metadata={"example": "asa@example.se"})
    new = fields.Raw(allow_none=True, metadata={"example": "asa.l@example.se"})
