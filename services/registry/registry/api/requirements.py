"""Required fields per scenario: listed for forms, set by the owner (issue 23 §2)."""

from flask.views import MethodView
from marshmallow import Schema, validate
from marshmallow import fields as mf

from foyer_shared.access import requires
from foyer_shared.fields import SingleLine
from registry import permissions as P
from registry.api.common import unit_of_work
from registry.api.versions import VersionedBlueprint
from registry.domain.requirements import SCENARIOS
from registry.use_cases import requirements

blp = VersionedBlueprint(
    "requirements",
    __name__,
    url_prefix="/required-fields",
    description="Which fields each scenario requires (staff create, self-registration, "
    "extra participant, purchase)",
)


class RequirementsIn(Schema):
    fields = mf.List(
        SingleLine(validate=validate.Length(min=1, max=100)),
        required=True,
        metadata={
            "description": "base fields (`phone`) and extended fields (`extra_fields.<key>`; "
            "an extended checkbox must be ticked); replaces the scenario's list",
            "example": ["phone", "personnummer", "extra_fields.terms_accepted"],
        },
    )


class RequirementsOut(Schema):
    scenario = mf.String(metadata={"example": "registration"})
    fields = mf.List(mf.String(), metadata={"example": ["extra_fields.terms_accepted", "phone"]})
    base = mf.List(mf.String(), metadata={"example": ["phone"]})
    extra_fields = mf.List(mf.String(), metadata={"example": []})
    must_tick = mf.List(mf.String(), metadata={"example": ["terms_accepted"]})
    enforced_on_import = mf.List(
        mf.String(),
        metadata={
            "description": "what an import row creating a person must have (staff_create's "
            "base fields: a file has no extended fields)",
            "example": [],
        },
    )


@blp.route("")
class Requirements(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, RequirementsOut(many=True))
    def get(self):
        """What each scenario requires, so a form can mark the fields (a missing one is a 422)"""
        return requirements.list_requirements(unit_of_work())


@blp.route("/<string:scenario>")
class RequirementsOf(MethodView):
    @requires(P.SETTINGS_MANAGE)
    @blp.arguments(RequirementsIn, example={"fields": ["phone", "extra_fields.terms_accepted"]})
    @blp.response(200, RequirementsOut)
    @blp.alt_response(
        422,
        description=f"`scenario` is not one of {', '.join(SCENARIOS)}, or "
        "`fields.<n>` names no field",
    )
    def put(self, data, scenario):
        """Set the fields a scenario requires (owner's setting; replaces the list)"""
        return requirements.set_requirements(unit_of_work(), scenario, data["fields"])
