"""Persons and companies: register, find, look up, correct, and their change log."""

from flask.views import MethodView

from foyer_shared.access import requires
from foyer_shared.pagination import one_page
from registry import permissions as P
from registry.api.common import actor, read_log, region, unit_of_work
from registry.api.person_json import person_response
from registry.api.schemas import ChangeOut, PersonIn, PersonOut, PersonPatch, PersonQuery
from registry.api.versions import VersionedBlueprint, if_match_version
from registry.use_cases import changes, deletion, persons

blp = VersionedBlueprint(
    "persons", __name__, url_prefix="/persons", description="Persons and companies"
)

EXAMPLE_IN = {
    "first_name": "Åsa",
    "last_name": "Lindström",
    "personnummer": "19800101-1234",
    "email": "asa@example.se",
    "phone": "070-123 45 67",
}


@blp.route("")
class Persons(MethodView):
    @requires(P.PERSONS_READ)
    @blp.arguments(PersonQuery, location="query")
    @blp.response(200, PersonOut(many=True))
    @blp.paginate()
    def get(self, query, pagination_parameters):
        """Find persons: free text, filters, sorting (paginated; total in X-Pagination)

        The total is exact up to 10,000 matches. Beyond that X-Pagination says `total: 10000`
        with `total_is_lower_bound: true` ("10,000+"), and gives `next_page` while pages are
        full.
        """
        return one_page(
            pagination_parameters,
            lambda offset, size: persons.search_persons(
                unit_of_work(), actor(), query, offset, size
            ),
        )

    @requires(P.PERSONS_WRITE)
    @blp.etag
    @blp.arguments(PersonIn, example=EXAMPLE_IN)
    @blp.response(201, PersonOut)
    def post(self, data):
        """Register a person or company (kind=company); context checks required extra fields"""
        person = persons.create_person(unit_of_work(), actor(), data, region())
        blp.set_etag(person.version)
        return person


@blp.route("/<uuid:person_id>")
class PersonById(MethodView):
    @requires(P.PERSONS_READ)
    @blp.etag
    @blp.response(200, PersonOut)
    def get(self, person_id):
        """Show one person (ETag = version)"""
        card = persons.read_card(unit_of_work(), actor(), str(person_id), read_log())
        blp.set_etag(card["version"])
        return person_response(card)  # PersonOut's JSON, made without the schema's dump

    @requires(P.PERSONS_WRITE)
    @blp.etag
    @blp.arguments(PersonPatch(partial=True), example={"phone": "+46701234567"})
    @blp.response(200, PersonOut)
    def patch(self, changes_in, person_id):
        """Correct a person's details (send If-Match to avoid overwriting someone else's change)"""
        uow = unit_of_work()
        persons.update_person(
            uow, actor(), str(person_id), changes_in, region(), if_match_version()
        )
        person = persons.get_person(uow, actor(), str(person_id))
        blp.set_etag(person.version)
        return person

    @requires(P.PERSONS_DELETE)
    @blp.response(204)
    @blp.alt_response(409, description="Blockers exist; `errors.blockers` lists them")
    def delete(self, person_id):
        """Delete a person (refused with reasons while blockers exist; other services erase)"""
        deletion.delete_person(unit_of_work(), actor(), str(person_id))


@blp.route("/<uuid:person_id>/changes")
class PersonChanges(MethodView):
    @requires(P.CHANGES_READ)
    @blp.response(200, ChangeOut(many=True))
    @blp.paginate()
    def get(self, person_id, pagination_parameters):
        """The person's change log, newest first: who, when, field, old → new"""
        return one_page(
            pagination_parameters,
            lambda offset, size: changes.list_changes(
                unit_of_work(), actor(), str(person_id), offset, size
            ),
        )
