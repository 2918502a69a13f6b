"""Accounts: staff create them; the gateway reads a user's effective access."""

from flask.views import MethodView
from flask_smorest import Blueprint

from foyer_shared.access import INTERNAL, requires
from foyer_shared.service import current_db
from identity import accounts
from identity.api.schemas import AccessOut, UserIn, UserOut

blp = Blueprint("users", __name__, description="Login accounts")
internal_blp = Blueprint("internal", __name__, description="For the gateway only")



@blp.route("/users")
class Users(MethodView):
    @requires("identity.users.manage")
    @blp.arguments(UserIn, example={
        "username": "kassa.anna", "email": "anna@example.se",
        "password": "a long passphrase", "roles": ["receptionist"],
    })
    @blp.response(201, UserOut)
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
    @blp.response(200, UserOut)
    def get(self, user_id):
        """Show one account"""
        return accounts.get_user(current_db(), str(user_id))


@internal_blp.route("/internal/users/<uuid:user_id>/access")
class UserAccess(MethodView):
    @requires(INTERNAL)
    @internal_blp.response(200, AccessOut)
    def get(self, user_id):
        """A user's status, roles and effective permissions (the gateway caches this)"""
        return accounts.effective_access(current_db(), str(user_id))
