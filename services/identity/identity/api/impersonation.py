"""Impersonation: staff with identity.impersonate act as a user for support (time-limited)."""

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import FreeText
from foyer_shared.service import current_db, current_settings
from identity.api.caching import no_store
from identity.api.common import actor
from identity.use_cases import impersonation

blp = Blueprint("impersonation", __name__, description="Acting as a user for support")


class ImpersonateIn(Schema):
    reason = FreeText(
        required=True,
        validate=validate.Length(min=3, max=500),
        metadata={"example": "ticket 4711: cannot see her bookings"},
    )


class ImpersonationOut(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    session_id = fields.String()


@blp.route("/users/<uuid:user_id>/impersonate")
class Impersonate(MethodView):
    @requires("identity.impersonate")
    @blp.arguments(ImpersonateIn, example={"reason": "ticket 4711: cannot see her bookings"})
    @blp.response(
        200,
        ImpersonationOut,
        example={
            "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6...",
            "token_type": "Bearer",
            "expires_in": 1800,
            "session_id": "0b9d1d55-8a1e-4a59-a3b0-1f0f5c3f1e2d",
        },
    )
    @blp.alt_response(403, description="Oneself, an inactive user, or one with more rights")
    @blp.alt_response(404, description="No account with this id")
    @no_store
    def post(self, body, user_id):
        """Act as this user for 30 minutes (no refresh token; the token names who acts)"""
        return impersonation.start(
            current_db(), current_settings(), actor(), str(user_id), body["reason"]
        )
