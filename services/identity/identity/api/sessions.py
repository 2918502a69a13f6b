"""A user's sessions: list and revoke (the user, or staff with identity.sessions.manage)."""

from flask.views import MethodView
from marshmallow import Schema, fields

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from identity.api.common import actor
from identity.domain.roles import OWN_ACCOUNT
from identity.use_cases import session_admin

blp = Blueprint("sessions", __name__, description="Login sessions")


class SessionOut(Schema):
    id = fields.String()
    created_at = fields.DateTime()
    last_used_at = fields.DateTime()
    expires_at = fields.DateTime()
    client_address = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    impersonator_id = fields.String(allow_none=True)


EXAMPLE = [
    {
        "id": "0b9d1d55-8a1e-4a59-a3b0-1f0f5c3f1e2d",
        "created_at": "2026-11-22T08:00:00+00:00",
        "last_used_at": "2026-11-22T09:10:00+00:00",
        "expires_at": "2026-12-22T09:10:00+00:00",
        "client_address": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
        "impersonator_id": None,
    }
]


@blp.route("/users/<uuid:user_id>/sessions")
class Sessions(MethodView):
    @requires(OWN_ACCOUNT)
    @blp.response(200, SessionOut(many=True), example=EXAMPLE)
    @blp.alt_response(403, description="Another user's sessions need identity.sessions.manage")
    def get(self, user_id):
        """The user's live sessions, newest use first (self, or identity.sessions.manage)"""
        return session_admin.list_active(current_db(), actor(), str(user_id))

    @requires(OWN_ACCOUNT)
    @blp.response(204)
    @blp.alt_response(403, description="Another user's sessions need identity.sessions.manage")
    def delete(self, user_id):
        """Revoke every session of the user (self, or identity.sessions.manage)"""
        session_admin.revoke(current_db(), actor(), str(user_id), None)


@blp.route("/users/<uuid:user_id>/sessions/<uuid:session_id>")
class OneSession(MethodView):
    @requires(OWN_ACCOUNT)
    @blp.response(204)
    @blp.alt_response(403, description="Another user's sessions need identity.sessions.manage")
    @blp.alt_response(404, description="No such session of this user")
    def delete(self, user_id, session_id):
        """Revoke one session (self, or identity.sessions.manage)"""
        session_admin.revoke(current_db(), actor(), str(user_id), str(session_id))
