"""For the gateway only: a user's effective access."""

from flask.views import MethodView

from foyer_shared.access import INTERNAL, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db
from identity.api.schemas import AccessOut, AccessQuery
from identity.use_cases import access

blp = Blueprint("internal", __name__, description="For the gateway only")


@blp.route("/internal/users/<uuid:user_id>/access")
class UserAccess(MethodView):
    @requires(INTERNAL)
    @blp.arguments(AccessQuery, location="query")
    @blp.response(
        200,
        AccessOut,
        example={
            "user_id": "9d8c6b47-3672-448d-bfa2-67eda7bbeab3",
            "username": "kassa.anna",
            "person_id": "2f1c0b8e-3f0a-4c55-9a8e-6d2b1f0e7c11",
            "status": "active",
            "roles": ["receptionist", "trainer"],
            "session_active": True,
            "permissions": [
                "crm.contacts.read",
                "identity.own_account.manage",
                "registry.persons.read",
                "registry.persons.write",
            ],
        },
    )
    @blp.alt_response(404, description="No account with this id")
    def get(self, query, user_id):
        """A user's status, roles in force, effective permissions and whether the session lives"""
        return access.effective_access(current_db(), str(user_id), query["session_id"])
