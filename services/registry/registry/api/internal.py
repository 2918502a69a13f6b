"""Internal calls from the gateway (docs/internal-http.md); never routed to clients."""

from flask.views import MethodView
from marshmallow import Schema, fields

from foyer_shared.access import INTERNAL, requires
from foyer_shared.blueprint import Blueprint
from registry.api.common import unit_of_work
from registry.use_cases import scopes

blp = Blueprint("internal", __name__, url_prefix="/internal", description="Internal calls")


class ScopesOut(Schema):
    person_id = fields.String(metadata={"example": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e"})
    groups_led = fields.List(fields.String(), metadata={"example": ["0b6f..."]})
    family_rights = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"example": {"9a1e...": ["view", "book"]}},
    )


@blp.route("/persons/<uuid:person_id>/scopes")
class PersonScopes(MethodView):
    @requires(INTERNAL)
    @blp.response(200, ScopesOut)
    def get(self, person_id):
        """The person's scopes: groups they lead, family members they hold rights over"""
        return scopes.scopes(unit_of_work(), str(person_id))
