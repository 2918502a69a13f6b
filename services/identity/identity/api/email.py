"""Changing a login e-mail: staff or the member ask, the link sent to the new address confirms."""

from flask.views import MethodView

from foyer_shared.access import PUBLIC, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from identity.api.common import actor
from identity.api.schemas import (
    EmailChangedOut,
    EmailChangeIn,
    EmailConfirmIn,
    MessageOut,
    OwnEmailChangeIn,
)
from identity.domain.roles import OWN_ACCOUNT
from identity.use_cases import email_change

blp = Blueprint("email", __name__, description="Login e-mail changes")

SENT = "a confirmation link is on its way to the new address; nothing changes until it is used"


@blp.route("/users/<uuid:user_id>/email-change")
class StaffEmailChange(MethodView):
    @requires("identity.users.manage")
    @blp.arguments(EmailChangeIn, example={"email": "anna.new@example.se"})
    @blp.response(202, MessageOut, example={"message": SENT})
    @blp.alt_response(403, description="The account holds permissions the caller does not")
    @blp.alt_response(404, description="No account with this id")
    @blp.alt_response(409, description="Another account has this e-mail")
    @blp.alt_response(422, description="Not an e-mail address, or the same one (names `email`)")
    def post(self, body, user_id):
        """Ask to change an account's login e-mail: a confirmation link goes to the new address"""
        email_change.request_for(
            current_db(), current_settings(), actor(), str(user_id), body["email"]
        )
        return {"message": SENT}


@blp.route("/account/email-change")
class OwnEmailChange(MethodView):
    @requires(OWN_ACCOUNT)
    @blp.arguments(
        OwnEmailChangeIn, example={"password": "the current one", "email": "anna.new@example.se"}
    )
    @blp.response(202, MessageOut, example={"message": SENT})
    @blp.alt_response(400, description="The current password is wrong (names `password`)")
    @blp.alt_response(409, description="Another account has this e-mail")
    @blp.alt_response(422, description="Not an e-mail address, or the same one (names `email`)")
    def post(self, body):
        """Change one's own login e-mail (current password needed); confirmed by a link"""
        email_change.request_own(
            current_db(), current_settings(), actor(), body["password"], body["email"]
        )
        return {"message": SENT}


@blp.route("/auth/confirm-email")
class ConfirmEmail(MethodView):
    @requires(PUBLIC)
    @blp.arguments(EmailConfirmIn, example={"token": "from the link"})
    @blp.response(200, EmailChangedOut, example={"username": "anna", "email": "anna@example.se"})
    @blp.alt_response(400, description="Unknown, expired or used link (names `token`)")
    @blp.alt_response(409, description="Another account took the e-mail meanwhile")
    def post(self, body):
        """Confirm a login e-mail change with the link's token (sessions are not touched)"""
        return email_change.confirm(current_db(), actor(), body["token"])
