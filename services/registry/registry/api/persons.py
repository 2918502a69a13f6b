"""Persons: register, look up, correct."""

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from foyer_shared.access import requires
from foyer_shared.service import current_db
from registry import services
from registry.api.schemas import PersonIn, PersonOut, PersonPatch, PersonQuery

blp = Blueprint("persons", __name__, url_prefix="/persons", description="Persons in the register")



def _if_match_version() -> int | None:
    raw = request.headers.get("If-Match")
    if raw is None:
        return None
    try:
        return int(raw.strip('W/"'))
    except ValueError:
        abort(400, message="If-Match must be the person's ETag, e.g. \"3\"")


@blp.route("")
class Persons(MethodView):
    @requires("registry.persons.read")
    @blp.arguments(PersonQuery, location="query")
    @blp.response(200, PersonOut(many=True))
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """Find persons (free text, paginated; total in X-Pagination)"""
        page, size = pagination_parameters.page, pagination_parameters.page_size
        rows, total = services.search_persons(current_db(), query["q"], (page - 1) * size, size)
        pagination_parameters.item_count = total
        return rows

    @requires("registry.persons.write")
    @blp.arguments(PersonIn, example={"first_name": "Åsa", "last_name": "Lindström"})
    @blp.response(201, PersonOut)
    def post(self, data):
        """Register a person"""
        return services.create_person(current_db(), data)


@blp.route("/<uuid:person_id>")
class PersonById(MethodView):
    @requires("registry.persons.read")
    @blp.response(200, PersonOut)
    def get(self, person_id):
        """Show one person (ETag = version)"""
        person = services.get_person(current_db(), str(person_id))
        return person, 200, {"ETag": f'"{person.version}"'}

    @requires("registry.persons.write")
    @blp.arguments(PersonPatch(partial=True), example={"phone": "+46701234567"})
    @blp.response(200, PersonOut)
    def patch(self, changes, person_id):
        """Correct a person's details (send If-Match to avoid overwriting someone else's change)"""
        person = services.update_person(current_db(), str(person_id), changes, _if_match_version())
        return person, 200, {"ETag": f'"{person.version}"'}
