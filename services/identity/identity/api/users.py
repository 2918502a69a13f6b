"""Accounts: staff create them; the gateway reads a user's effective access."""

from flask.views import MethodView
from flask_smorest import Blueprint

from foyer_shared.access import INTERNAL, requires
from foyer_shared.service import current_db
from identity import accounts
from identity.api.schemas import AccessOut, AccessQuery, UserIn, UserOut

blp = Blueprint("users", __name__, description="Login accounts")
internal_blp = Blueprint("internal", __name__, description="For the gateway only")

USER_EXAMPLE = {
    "id": "9d8c6b47-3672-448d-bfa2-67eda7bbeab3", "username": "kassa.anna",
    "email": "anna@example.se", "status": "active", "person_id": None,
    "roles": ["receptionist"], "created_at": "2026-11-22T08:00:00+00:00",
}


@blp.route("/users")
class Users(MethodView):
    @requires("identity.users.manage")
    @blp.arguments(UserIn, example={
        "username": "kassa.anna", "email": "anna@example.se",
        "password": "a long passphrase", "roles": ["receptionist"],
    })
    @blp.response(201, UserOut, example=USER_EXAMPLE)
    @blp.alt_response(409, description="The username is taken (names `username`)")
    @blp.alt_response(422, description="Invalid field, unknown role or too short a password")
    def post(self, body):
        """Create an active login account with built-in roles"""
        person_id = str(body["person_id"]) if body["person_id"] else None
        return accounts.create_user(
            current_db(), username=body["username"], password=body["password"], email=body["email"],
            role_names=body["roles"], person_id=person_id,
        )


@blp.route("/users/<uuid:user_id>")
class UserById(MethodView):
    @requires("identity.users.read")
    @blp.response(200, UserOut, example=USER_EXAMPLE)
    @blp.alt_response(404, description="No account with this id")
    def get(self, user_id):
        """Show one account"""
        return accounts.get_user(current_db(), str(user_id))


@internal_blp.route("/internal/users/<uuid:user_id>/access")
class UserAccess(MethodView):
    @requires(INTERNAL)
    @internal_blp.response(200, AccessOut, example={
        "user_id": "9d8c6b47-3672-448d-bfa2-67eda7bbeab3", "username": "kassa.anna",
        "person_id": "2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11", "status": "active",
        "roles": ["receptionist", "trainer"], "session_active": True,
        "permissions": ["crm.contacts.read", "registry.persons.read", "registry.persons.write"],
    })
    @internal_blp.arguments(AccessQuery, location="query")
    @internal_blp.alt_response(404, description="No account with this id")
    def get(self, query, user_id):
        """A user's status, roles in force, effective permissions and whether the session lives"""
        return accounts.effective_access(current_db(), str(user_id), query["session_id"])
