"""Groups and teams, their leaders and members."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.pagination import one_page
from registry import permissions as P
from registry.api.common import actor, unit_of_work
from registry.api.segment_schemas import (
    GroupIn,
    GroupListed,
    GroupOut,
    GroupPatch,
    GroupPerson,
    MembershipIn,
    RoleQuery,
)
from registry.use_cases import groups

blp = Blueprint("groups", __name__, url_prefix="/groups", description="Groups and teams")


@blp.route("")
class Groups(MethodView):
    @requires(P.GROUPS_READ)
    @blp.response(200, GroupListed(many=True))
    def get(self):
        """List groups (a leader sees the groups they lead)"""
        return groups.list_groups(unit_of_work(), actor())

    @requires(P.GROUPS_MANAGE)
    @blp.arguments(GroupIn, example={"name": "P12 fotboll", "kind": "team"})
    @blp.response(201, GroupListed)
    def post(self, data):
        """Create a group or team"""
        return groups.create_group(unit_of_work(), data)


@blp.route("/<uuid:group_id>")
class GroupById(MethodView):
    @requires(P.GROUPS_READ)
    @blp.response(200, GroupOut)
    def get(self, group_id):
        """Show a group: the first 100 leaders and members by name, and how many of each"""
        return groups.get_group(unit_of_work(), actor(), str(group_id))

    @requires(P.GROUPS_MANAGE)
    @blp.arguments(GroupPatch(partial=True), example={"description": "Tisdagar 18-19"})
    @blp.response(200, GroupListed)
    def patch(self, data, group_id):
        """Rename or describe a group"""
        return groups.update_group(unit_of_work(), str(group_id), data)

    @requires(P.GROUPS_MANAGE)
    @blp.response(204)
    def delete(self, group_id):
        """Delete a group (its memberships go with it)"""
        groups.delete_group(unit_of_work(), str(group_id))


@blp.route("/<uuid:group_id>/members")
class Members(MethodView):
    @requires(P.GROUPS_READ)
    @blp.arguments(RoleQuery, location="query")
    @blp.response(200, GroupPerson(many=True))
    @blp.paginate()
    def get(self, query, group_id, pagination_parameters):
        """The group's members (role=leader: its leaders), by name (paginated, X-Pagination)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: groups.list_members(
                unit_of_work(), actor(), str(group_id), query["role"], offset, size
            ),
        )

    @requires(P.GROUPS_WRITE)
    @blp.arguments(MembershipIn, example={"person_id": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    @blp.response(204)
    def post(self, data, group_id):
        """Add a member or (staff only) a leader"""
        groups.add_member(
            unit_of_work(), actor(), str(group_id), str(data["person_id"]), data["role"]
        )


@blp.route("/<uuid:group_id>/members/<uuid:person_id>")
class Member(MethodView):
    @requires(P.GROUPS_WRITE)
    @blp.arguments(RoleQuery, location="query")
    @blp.response(204)
    def delete(self, query, group_id, person_id):
        """Remove a member (or with role=leader, a leader)"""
        groups.remove_member(unit_of_work(), actor(), str(group_id), str(person_id), query["role"])
