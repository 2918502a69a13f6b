"""Roles (built-in and custom), the permission catalogue, and a user's role assignments."""

from flask import request
from flask.views import MethodView

from foyer_shared import words
from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from identity.api.common import actor, own_openapi
from identity.api.schemas import (
    AssignmentsIn,
    PermissionOut,
    RoleIn,
    RoleOut,
    UserOut,
)
from identity.use_cases import assignments, catalogue, role_admin

blp = Blueprint("roles", __name__, description="Roles, permissions and role assignments")

ROLE_EXAMPLE = {
    "name": "kassa",
    "description": "Front desk till",
    "permissions": ["registry.persons.read", "crm.contacts.read"],
}
ROLE_OUT_EXAMPLE = {"id": "5b0f0c4e-57a1-4f7e-9a53-3c1b1e1f6a10", **ROLE_EXAMPLE, "built_in": False}


@blp.route("/permissions")
class Permissions(MethodView):
    @requires("identity.users.read")
    @blp.response(
        200,
        PermissionOut(many=True),
        example=[
            {
                "permission": "registry.persons.read",
                "service": "registry",
                "description": "See persons and companies in the register",
            }
        ],
    )
    def get(self):
        """The permission catalogue: every permission the services declare"""
        language = words.language_of(request.accept_languages)  # the descriptions' language
        return catalogue.catalogue(current_settings(), own_openapi(), language)


@blp.route("/roles")
class Roles(MethodView):
    @requires("identity.users.read")
    @blp.response(200, RoleOut(many=True), example=[ROLE_OUT_EXAMPLE])
    def get(self):
        """Every role: the built-in ones first, then the custom ones"""
        return role_admin.list_roles(current_db())

    @requires("identity.roles.manage")
    @blp.arguments(RoleIn, example=ROLE_EXAMPLE)
    @blp.response(201, RoleOut, example=ROLE_OUT_EXAMPLE)
    @blp.alt_response(409, description="The name is taken (names `name`)")
    @blp.alt_response(422, description="Unknown permission (names `permissions`)")
    def post(self, body):
        """Create a custom role"""
        return role_admin.create_role(
            current_db(), current_settings(), actor(), body, own_openapi()
        )


@blp.route("/roles/<uuid:role_id>")
class RoleById(MethodView):
    @requires("identity.roles.manage")
    @blp.arguments(RoleIn, example=ROLE_EXAMPLE)
    @blp.response(200, RoleOut, example=ROLE_OUT_EXAMPLE)
    @blp.alt_response(404, description="No custom role with this id")
    @blp.alt_response(409, description="The new name is taken")
    @blp.alt_response(422, description="Unknown permission (names `permissions`)")
    def put(self, body, role_id):
        """Replace a custom role's name, description and permissions"""
        return role_admin.update_role(
            current_db(), current_settings(), actor(), str(role_id), body, own_openapi()
        )

    @requires("identity.roles.manage")
    @blp.response(204)
    @blp.alt_response(404, description="No custom role with this id")
    def delete(self, role_id):
        """Delete a custom role; its holders lose it at once"""
        role_admin.delete_role(current_db(), actor(), str(role_id))


@blp.route("/users/<uuid:user_id>/roles")
class UserRoles(MethodView):
    @requires("identity.users.manage")
    @blp.arguments(
        AssignmentsIn,
        example={
            "roles": [
                {"role": "receptionist"},
                {
                    "role": "kassa",
                    "valid_from": "2026-12-01T00:00:00Z",
                    "valid_until": "2027-01-01T00:00:00Z",
                },
            ]
        },
    )
    @blp.response(
        200,
        UserOut,
        example={
            "id": "9d8c6b47-3672-448d-bfa2-67eda7bbeab3",
            "username": "kassa.anna",
            "email": "anna@example.se",
            "status": "active",
            "person_id": None,
            "roles": ["kassa", "receptionist"],
            "created_at": "2026-11-22T08:00:00+00:00",
            "assignments": [
                {
                    "role": "kassa",
                    "valid_from": "2026-12-01T00:00:00+00:00",
                    "valid_until": "2027-01-01T00:00:00+00:00",
                },
                {"role": "receptionist", "valid_from": None, "valid_until": None},
            ],
        },
    )
    @blp.alt_response(403, description="The role grants permissions the caller does not hold")
    @blp.alt_response(404, description="No account with this id")
    @blp.alt_response(409, description="This would remove or demote the last owner")
    @blp.alt_response(422, description="Unknown role or an empty period (names `roles`)")
    def put(self, body, user_id):
        """Replace a user's role assignments (each may have valid_from / valid_until)"""
        return assignments.set_roles(current_db(), actor(), str(user_id), body["roles"])
