"""A person's statuses, interest areas and relations."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from registry import permissions as P
from registry.api.common import actor, unit_of_work
from registry.api.segment_schemas import InterestsIn, RelationIn, RelationOut
from registry.use_cases import links

blp = Blueprint("links", __name__, description="Statuses, interests and relations of a person")


@blp.route("/persons/<uuid:person_id>/statuses/<uuid:status_id>")
class PersonStatus(MethodView):
    @requires(P.STATUSES_WRITE)
    @blp.response(204)
    def put(self, person_id, status_id):
        """Give the person a status (staff only)"""
        links.set_status(unit_of_work(), actor(), str(person_id), str(status_id), True)

    @requires(P.STATUSES_WRITE)
    @blp.response(204)
    def delete(self, person_id, status_id):
        """Take a status away"""
        links.set_status(unit_of_work(), actor(), str(person_id), str(status_id), False)


@blp.route("/persons/<uuid:person_id>/interests")
class PersonInterests(MethodView):
    @requires(P.PERSONS_WRITE)
    @blp.arguments(InterestsIn, example={"interest_ids": ["b9c1..."]})
    @blp.response(204)
    def put(self, data, person_id):
        """Choose the person's interest areas (members on their own profile)"""
        links.set_interests(unit_of_work(), actor(), str(person_id), data["interest_ids"])


@blp.route("/persons/<uuid:person_id>/relations")
class PersonRelations(MethodView):
    @requires(P.RELATIONS_WRITE)
    @blp.arguments(
        RelationIn,
        example={"to_person_id": "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e", "type": "parent"},
    )
    @blp.response(201, RelationOut)
    def post(self, data, person_id):
        """Relate the person to another person or company (labels from the type)"""
        return links.add_relation(
            unit_of_work(), actor(), str(person_id), str(data["to_person_id"]), data["type"]
        )


@blp.route("/relations/<uuid:relation_id>")
class RelationById(MethodView):
    @requires(P.RELATIONS_WRITE)
    @blp.response(204)
    def delete(self, relation_id):
        """Remove a relation"""
        links.delete_relation(unit_of_work(), actor(), str(relation_id))
