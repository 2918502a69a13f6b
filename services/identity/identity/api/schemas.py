"""Request and response shapes of identity (marshmallow). Password hashes never leave."""

from marshmallow import Schema, fields, validate

from foyer_shared.fields import AwareDateTime, EmailAddress, FreeText, SingleLine

# <service>.<resource>.<action>; identity.impersonate (two parts) is the one short form.
PERMISSION = validate.Regexp(
    r"^[a-z0-9_]+(\.[a-z0-9_]+){1,2}$", error="a permission is <service>.<resource>.<action>"
)


class LoginIn(Schema):
    username = SingleLine(
        required=True, validate=validate.Length(min=1, max=150), metadata={"example": "owner"}
    )
    password = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(max=1024),
        metadata={"example": "correct horse battery staple"},
    )


class TokenPair(Schema):
    access_token = fields.String(metadata={"example": "eyJhbGciOiJFZERTQSIsImtpZCI6..."})
    token_type = fields.String(metadata={"example": "Bearer"})
    expires_in = fields.Integer(metadata={"example": 900})
    refresh_token = fields.String(metadata={"example": "p2bT0m...opaque"})


class RefreshIn(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class UserIn(Schema):
    username = SingleLine(
        required=True, validate=validate.Length(min=2, max=150), metadata={"example": "kassa.anna"}
    )
    email = EmailAddress(required=True, metadata={"example": "anna@example.se"})
    # Without a password the account is pending and an activation link is sent.
    # The length rule lives in identity.passwords (the owner bootstrap obeys it too).
    password = fields.String(load_default=None, load_only=True, validate=validate.Length(max=1024))
    roles = fields.List(SingleLine(), load_default=list, metadata={"example": ["receptionist"]})
    person_id = fields.UUID(load_default=None, allow_none=True)


class BulkItemIn(Schema):
    person_id = fields.UUID(required=True)
    username = SingleLine(required=True, validate=validate.Length(min=2, max=150))
    email = EmailAddress(required=True)
    roles = fields.List(SingleLine(), load_default=lambda: ["member"])


class BulkIn(Schema):
    accounts = fields.List(
        fields.Nested(BulkItemIn), required=True, validate=validate.Length(min=1, max=1000)
    )


class BulkResultOut(Schema):
    person_id = fields.String()
    outcome = fields.String(metadata={"example": "created"})
    user_id = fields.String()
    username = fields.String()
    errors = fields.Dict()


class ActivateIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class AssignmentOut(Schema):
    role = fields.String()
    valid_from = fields.DateTime(allow_none=True)
    valid_until = fields.DateTime(allow_none=True)


class UserOut(Schema):
    id = fields.String()
    username = fields.String()
    email = fields.String(allow_none=True)
    status = fields.String(metadata={"example": "active"})
    person_id = fields.String(allow_none=True)
    roles = fields.List(fields.String(), attribute="role_names")
    assignments = fields.List(fields.Nested(AssignmentOut), attribute="roles")
    created_at = fields.DateTime()
    # The person card's e-mail (the registry's, as identity last heard it) and whether the
    # login e-mail differs from it (both known, case ignored).
    contact_email = fields.String(allow_none=True)
    email_mismatch = fields.Boolean()


class AccessOut(Schema):
    user_id = fields.String()
    username = fields.String()
    person_id = fields.String(allow_none=True)
    status = fields.String()
    roles = fields.List(fields.String())
    permissions = fields.List(fields.String())
    session_active = fields.Boolean(allow_none=True)


class AccessQuery(Schema):
    session_id = SingleLine(load_default=None, validate=validate.Length(max=64))


class PermissionOut(Schema):
    permission = fields.String()
    service = fields.String()
    description = fields.String()


class RoleIn(Schema):
    name = SingleLine(
        required=True,
        validate=[
            validate.Length(min=2, max=64),
            validate.Regexp(r"^[A-Za-z0-9_. -]+$", error="letters, digits, space, _ . - only"),
        ],
    )
    description = FreeText(load_default="", validate=validate.Length(max=500))
    permissions = fields.List(
        SingleLine(validate=PERMISSION), required=True, validate=validate.Length(max=500)
    )


class RoleOut(Schema):
    id = fields.String()
    name = fields.String()
    description = fields.String()
    permissions = fields.List(fields.String())
    built_in = fields.Boolean()


class AssignmentIn(Schema):
    role = SingleLine(required=True, validate=validate.Length(min=1, max=64))
    valid_from = AwareDateTime(load_default=None, allow_none=True)
    valid_until = AwareDateTime(load_default=None, allow_none=True)


class AssignmentsIn(Schema):
    roles = fields.List(
        fields.Nested(AssignmentIn), required=True, validate=validate.Length(max=50)
    )


class Jwks(Schema):
    keys = fields.List(fields.Dict())


class ResetRequestIn(Schema):
    username_or_email = SingleLine(
        required=True,
        validate=validate.Length(min=1, max=254),
        metadata={"example": "anna@example.se"},
    )


class ResetConfirmIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class PasswordChangeIn(Schema):
    old_password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))
    new_password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class MessageOut(Schema):
    message = fields.String()


class EmailChangeIn(Schema):
    email = EmailAddress(required=True, metadata={"example": "anna.new@example.se"})


class OwnEmailChangeIn(EmailChangeIn):
    password = fields.String(required=True, load_only=True, validate=validate.Length(max=1024))


class EmailConfirmIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class EmailChangedOut(Schema):
    username = fields.String()
    email = fields.String()


# As many ids as one page of accounts holds (flask-smorest's largest page).
MAX_IDS = 100


class UserQuery(Schema):
    username = SingleLine(
        load_default=None,
        validate=validate.Length(max=150),
        metadata={"description": "prefix, case-insensitive"},
    )
    person_id = fields.UUID(load_default=None)
    status = fields.String(
        load_default=None, validate=validate.OneOf(["pending", "active", "inactive"])
    )
    email_mismatch = fields.Boolean(
        load_default=None,
        metadata={"description": "true: only accounts whose login e-mail differs from the card's"},
    )
    id = fields.List(
        fields.UUID(),
        load_default=list,
        validate=validate.Length(max=MAX_IDS),
        metadata={
            "description": f"only these accounts (repeat the parameter, at most {MAX_IDS}): "
            "the names behind the ids a page shows, in one call"
        },
    )
