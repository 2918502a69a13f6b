"""The field catalogue: what a mapping may name, for clients that build one (the console)."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from imports.api.schemas import FieldsOut
from imports.use_cases import mapping

blp = Blueprint("fields", __name__, url_prefix="/fields", description="The field catalogue")


@blp.route("")
class Fields(MethodView):
    @requires("imports.jobs.read")
    @blp.response(200, FieldsOut)
    def get(self):
        """Each kind's fields, the modes, match keys and options a mapping may name"""
        return mapping.field_catalogue()
