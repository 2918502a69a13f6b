"""Families (households): members, one head, per-member rights."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from registry import permissions as P
from registry.api.common import actor, unit_of_work
from registry.api.segment_schemas import FamilyIn, FamilyMemberIn, FamilyMemberPatch, FamilyOut
from registry.use_cases import families

blp = Blueprint("families", __name__, url_prefix="/families", description="Families")
PID = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"


@blp.route("")
class Families(MethodView):
    @requires(P.FAMILIES_WRITE)
    @blp.arguments(
        FamilyIn,
        example={
            "name": "Familjen Lindström",
            "head_id": PID,
            "members": [{"person_id": PID, "rights": ["view"]}],
        },
    )
    @blp.response(201, FamilyOut)
    def post(self, data):
        """Make a family with its head (who holds every right) and members"""
        members = [
            {"person_id": str(m["person_id"]), "rights": m["rights"]} for m in data["members"]
        ]
        return families.create_family(
            unit_of_work(), actor(), data["name"], str(data["head_id"]), members
        )


@blp.route("/<uuid:family_id>")
class FamilyById(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, FamilyOut)
    def get(self, family_id):
        """Show a family (members see their own family)"""
        return families.family_view(unit_of_work(), actor(), str(family_id))


@blp.route("/<uuid:family_id>/members")
class FamilyMembers(MethodView):
    @requires(P.FAMILIES_WRITE)
    @blp.arguments(FamilyMemberIn, example={"person_id": PID, "rights": ["view", "book"]})
    @blp.response(200, FamilyOut)
    def post(self, data, family_id):
        """Add a person to the family (a person belongs to at most one family)"""
        uow = unit_of_work()
        families.add_member(uow, actor(), str(family_id), str(data["person_id"]), data["rights"])
        return families.family_view(uow, actor(), str(family_id))


@blp.route("/<uuid:family_id>/members/<uuid:person_id>")
class FamilyMember(MethodView):
    @requires(P.FAMILIES_WRITE)
    @blp.arguments(FamilyMemberPatch, example={"rights": ["view", "pay"]})
    @blp.response(200, FamilyOut)
    def patch(self, data, family_id, person_id):
        """Change a member's rights, or make them the head"""
        uow = unit_of_work()
        families.update_member(
            uow, actor(), str(family_id), str(person_id), data.get("rights"), data.get("is_head")
        )
        return families.family_view(uow, actor(), str(family_id))

    @requires(P.FAMILIES_WRITE)
    @blp.response(204)
    def delete(self, family_id, person_id):
        """Remove a member (the head only when alone or after another became head)"""
        families.remove_member(unit_of_work(), actor(), str(family_id), str(person_id))
