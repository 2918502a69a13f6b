"""Accounts: staff create them (one or many), deactivate, reactivate, delete them."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from identity.api.common import actor
from identity.api.schemas import BulkIn, BulkResultOut, UserIn, UserOut, UserQuery
from identity.use_cases import accounts, bulk, lifecycle

blp = Blueprint("users", __name__, description="Login accounts")

USER_EXAMPLE = {
    "id": "9d8c6b47-3672-448d-bfa2-67eda7bbeab3",
    "username": "kassa.anna",
    "email": "anna@example.se",
    "status": "active",
    "person_id": None,
    "roles": ["receptionist"],
    "assignments": [{"role": "receptionist", "valid_from": None, "valid_until": None}],
    "created_at": "2026-11-22T08:00:00+00:00",
    "contact_email": "anna.berg@example.se",
    "email_mismatch": True,
}
PERSON = "2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11"
NO_SUCH_ACCOUNT = blp.alt_response(404, description="No account with this id")


@blp.route("/users")
class Users(MethodView):
    @requires("identity.users.read")
    @blp.arguments(UserQuery, location="query")
    @blp.response(200, UserOut(many=True), example=[USER_EXAMPLE])
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """Find accounts by username prefix, person, status, e-mail mismatch or ids (by username)"""
        found, total = accounts.find_users(
            current_db(),
            username=query["username"],
            status=query["status"],
            person_id=str(query["person_id"]) if query["person_id"] else None,
            email_mismatch=query["email_mismatch"],
            ids=[str(i) for i in query["id"]],
            page=pagination_parameters.page,
            page_size=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return found

    @requires("identity.users.manage")
    @blp.arguments(
        UserIn,
        example={
            "username": "kassa.anna",
            "email": "anna@example.se",
            "person_id": PERSON,
            "roles": ["receptionist"],
        },
    )
    @blp.response(201, UserOut, example=USER_EXAMPLE)
    @blp.alt_response(403, description="A role grants permissions the caller does not hold")
    @blp.alt_response(409, description="The username is taken, or the person has an account")
    @blp.alt_response(422, description="Invalid field, unknown role or too weak a password")
    def post(self, body):
        """Create an account: pending with an activation link, or active when a password is given"""
        return accounts.create_user(
            current_db(),
            username=body["username"],
            password=body["password"],
            email=body["email"],
            role_names=body["roles"],
            person_id=str(body["person_id"]) if body["person_id"] else None,
            actor=actor(),
            settings=current_settings(),
        )


@blp.route("/users/bulk")
class BulkUsers(MethodView):
    @requires("identity.users.manage")
    @blp.arguments(
        BulkIn,
        example={
            "accounts": [{"person_id": PERSON, "username": "anna.berg", "email": "anna@example.se"}]
        },
    )
    @blp.response(
        200,
        BulkResultOut(many=True),
        example=[
            {
                "person_id": PERSON,
                "outcome": "created",
                "user_id": USER_EXAMPLE["id"],
                "username": "anna.berg",
            },
            {
                "person_id": "6c3d9f1e-1111-4c55-9a8e-6d2b1f0e7c11",
                "outcome": "refused",
                "errors": {"username": ["the username 'bo' is taken"]},
            },
        ],
    )
    def post(self, body):
        """Create pending accounts for many persons at once; the answer is per person"""
        return bulk.create_many(current_db(), current_settings(), actor(), body["accounts"])


@blp.route("/users/<uuid:user_id>")
class UserById(MethodView):
    @requires("identity.users.read")
    @blp.response(200, UserOut, example=USER_EXAMPLE)
    @NO_SUCH_ACCOUNT
    def get(self, user_id):
        """Show one account"""
        return accounts.get_user(current_db(), str(user_id))

    @requires("identity.users.manage")
    @blp.response(204)
    @NO_SUCH_ACCOUNT
    @blp.alt_response(409, description="Staff roles are still held: remove them first")
    def delete(self, user_id):
        """Delete an account (refused while it holds staff roles; its audit entries stay)"""
        lifecycle.delete_user(current_db(), actor(), str(user_id))


@blp.route("/users/<uuid:user_id>/deactivate")
class Deactivate(MethodView):
    @requires("identity.users.manage")
    @blp.response(200, UserOut, example={**USER_EXAMPLE, "status": "inactive"})
    @NO_SUCH_ACCOUNT
    @blp.alt_response(409, description="This is the last owner")
    def post(self, user_id):
        """Deactivate: no more logins, every session ends at once; history is kept"""
        return lifecycle.deactivate(current_db(), actor(), str(user_id))


@blp.route("/users/<uuid:user_id>/reactivate")
class Reactivate(MethodView):
    @requires("identity.users.manage")
    @blp.response(200, UserOut, example=USER_EXAMPLE)
    @NO_SUCH_ACCOUNT
    def post(self, user_id):
        """Reactivate a deactivated account (pending again if it never set a password)"""
        return lifecycle.reactivate(current_db(), actor(), str(user_id))


@blp.route("/users/<uuid:user_id>/activation")
class ResendActivation(MethodView):
    @requires("identity.users.manage")
    @blp.response(202, UserOut, example={**USER_EXAMPLE, "status": "pending"})
    @NO_SUCH_ACCOUNT
    @blp.alt_response(409, description="The account is not pending")
    def post(self, user_id):
        """Send a new activation link (24 h); the previous link stops working"""
        return lifecycle.resend_activation(current_db(), current_settings(), actor(), str(user_id))
