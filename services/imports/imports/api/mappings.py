"""Saved mappings: reuse the column choices made for the last file from the same system."""

from flask.views import MethodView
from marshmallow import Schema

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import SingleLine
from foyer_shared.service import current_db
from imports.api.schemas import SavedMappingIn, SavedMappingOut
from imports.use_cases import mapping

blp = Blueprint("mappings", __name__, url_prefix="/mappings", description="Saved mappings")


class KindQuery(Schema):
    kind = SingleLine(metadata={"example": "customers"})


@blp.route("")
class Mappings(MethodView):
    @requires("imports.jobs.read")
    @blp.arguments(KindQuery, location="query")
    @blp.response(200, SavedMappingOut(many=True))
    def get(self, query):
        """Saved mappings, by name (optionally of one kind)"""
        return mapping.list_mappings(current_db(), query.get("kind"))

    @requires("imports.jobs.write")
    @blp.arguments(SavedMappingIn)
    @blp.response(201, SavedMappingOut)
    def post(self, body):
        """Save a mapping under a name (a used name is replaced)"""
        return mapping.save_mapping(current_db(), body["kind"], body["name"], body)
