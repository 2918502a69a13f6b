"""Request and response shapes of identity (marshmallow). Password hashes never leave."""

from marshmallow import Schema, fields, validate


class LoginIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=150),
                             metadata={"example": "owner"})
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024),
                             metadata={"example": "correct horse battery staple"})


class TokenPair(Schema):
    access_token = fields.String(metadata={"example": "eyJhbGciOiJFZERTQSIsImtpZCI6..."})
    token_type = fields.String(metadata={"example": "Bearer"})
    expires_in = fields.Integer(metadata={"example": 900})
    refresh_token = fields.String(metadata={"example": "p2bT0m...opaque"})


class RefreshIn(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class UserIn(Schema):
    username = fields.String(required=True, validate=validate.Length(min=2, max=150),
                             metadata={"example": "kassa.anna"})
    email = fields.Email(required=True, validate=validate.Length(max=254),
                         metadata={"example": "anna@example.se"})
    # The length rule lives in identity.passwords (the owner bootstrap obeys it too).
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))
    roles = fields.List(fields.String(), load_default=list, metadata={"example": ["receptionist"]})
    person_id = fields.UUID(load_default=None, allow_none=True)


class UserOut(Schema):
    id = fields.String()
    username = fields.String()
    email = fields.String(allow_none=True)
    status = fields.String(metadata={"example": "active"})
    person_id = fields.String(allow_none=True)
    roles = fields.List(fields.String(), attribute="role_names")
    created_at = fields.DateTime()


class AccessOut(Schema):
    user_id = fields.String()
    username = fields.String()
    status = fields.String()
    roles = fields.List(fields.String())
    permissions = fields.List(fields.String())


class Jwks(Schema):
    keys = fields.List(fields.Dict())
