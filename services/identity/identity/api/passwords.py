"""Password reset by link, and changing one's own password."""

from flask.views import MethodView

from foyer_shared.access import PUBLIC, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from identity.api.caching import no_store
from identity.api.common import actor
from identity.api.schemas import (
    MessageOut,
    PasswordChangeIn,
    ResetConfirmIn,
    ResetRequestIn,
    TokenPair,
)
from identity.domain.roles import OWN_ACCOUNT
from identity.use_cases import password_changes

blp = Blueprint("passwords", __name__, description="Password reset and change")

SENT = "if an active account matches, a reset link is on its way"


@blp.route("/auth/password-reset")
class ResetRequest(MethodView):
    @requires(PUBLIC)
    @blp.arguments(ResetRequestIn, example={"username_or_email": "anna@example.se"})
    @blp.response(202, MessageOut, example={"message": SENT})
    def post(self, body):
        """Ask for a reset link (the answer is the same whether or not the account exists)"""
        password_changes.request_reset(
            current_db(), current_settings(), actor(), body["username_or_email"]
        )
        return {"message": SENT}


@blp.route("/auth/password-reset/confirm")
class ResetConfirm(MethodView):
    @requires(PUBLIC)
    @blp.arguments(
        ResetConfirmIn, example={"token": "from the link", "password": "a new long passphrase"}
    )
    @blp.response(204)
    @blp.alt_response(400, description="Unknown, expired or used link (names `token`)")
    @blp.alt_response(422, description="Too weak a password (names `password`)")
    def post(self, body):
        """Set a new password with the reset link's token; every session ends"""
        password_changes.confirm_reset(current_db(), actor(), body["token"], body["password"])


@blp.route("/account/password")
class OwnPassword(MethodView):
    @requires(OWN_ACCOUNT)
    @blp.arguments(
        PasswordChangeIn,
        example={"old_password": "the current one", "new_password": "a new long passphrase"},
    )
    @blp.response(
        200,
        TokenPair,
        example={
            "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6...",
            "token_type": "Bearer",
            "expires_in": 900,
            "refresh_token": "p2bT0m...opaque",
        },
    )
    @blp.alt_response(400, description="The current password is wrong (names `old_password`)")
    @blp.alt_response(422, description="Too weak a new password (names `password`)")
    @no_store
    def post(self, body):
        """Change one's own password: every session ends and a fresh token pair is returned"""
        return password_changes.change_own(
            current_db(), current_settings(), actor(), body["old_password"], body["new_password"]
        )
