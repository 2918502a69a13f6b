"""Request and response shapes of templates and previews (marshmallow)."""

from marshmallow import Schema, fields, validate

from notify.domain.catalogue import LANGUAGES

_PART = {"validate": validate.Length(max=100_000)}


class TemplateIn(Schema):
    subject = fields.String(required=True, validate=validate.Length(min=1, max=2_000))
    text = fields.String(required=True, **_PART)
    html = fields.String(load_default=None, allow_none=True, **_PART)
    sms = fields.String(required=True, validate=validate.Length(max=2_000))


class TemplateOut(Schema):
    type = fields.String(attribute="kind", metadata={"example": "account_activation"})
    language = fields.String(metadata={"example": "sv"})
    source = fields.String(metadata={"description": "builtin or saved", "example": "builtin"})
    subject = fields.Function(lambda t: t.parts.get("subject"))
    text = fields.Function(lambda t: t.parts.get("text"))
    html = fields.Function(lambda t: t.parts.get("html"))
    sms = fields.Function(lambda t: t.parts.get("sms"))
    placeholders = fields.List(fields.String(), metadata={"example": ["person", "link"]})


class PreviewIn(Schema):
    person_id = fields.UUID(required=True)
    language = fields.String(
        load_default=None,
        metadata={"description": f"one of {', '.join(LANGUAGES)}; the person's by default"},
    )
    template = fields.Nested(
        TemplateIn, load_default=None, metadata={"description": "an unsaved draft to render"}
    )


class PreviewOut(Schema):
    language = fields.String(metadata={"example": "sv"})
    subject = fields.String()
    text = fields.String()
    html = fields.String(allow_none=True)
    sms = fields.String()
