"""Look-ups in public registers from a person's card: compare, take fields, the record."""

from flask import current_app
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from foyer_shared.access import requires
from registry import permissions as P
from registry.api.common import actor, region, unit_of_work
from registry.api.versions import VersionedBlueprint, if_match_version
from registry.domain.lookups import FIELDS, SPAR
from registry.use_cases import lookups

blp = VersionedBlueprint(
    "lookups",
    __name__,
    description="Look-ups in public registers: SPAR for persons, ARES for companies",
)

_FAILURES = {
    404: "not found in the register",
    422: "a bad personnummer or IČO (the field is named), or a field that cannot be taken",
    502: "the register answered with an error, or could not be reached",
    503: "the register is not configured in this installation (the message names it)",
    504: "the register did not answer in time",
}
_ALL_FIELDS = sorted({name for names in FIELDS.values() for name in names})


class LookupIn(Schema):
    personnummer = fields.String(
        metadata={"description": "a person's; default: the card's", "example": "19811218-9876"}
    )
    ico = fields.String(
        metadata={
            "description": "a Czech company's IČO (the card has no field for it)",
            "example": "27074358",
        }
    )


class ApplyIn(LookupIn):
    fields = fields.List(
        fields.String(validate=validate.OneOf(_ALL_FIELDS)),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "the fields to take from the register"},
    )


class FieldComparison(Schema):
    field = fields.String()
    card = fields.String(allow_none=True)
    register = fields.String(allow_none=True)
    differs = fields.Boolean(metadata={"description": "false for a field the card lacks"})
    takeable = fields.Boolean(metadata={"description": "false: shown, but not a card field"})


class ComparisonOut(Schema):
    register = fields.String(metadata={"description": "spar or ares"})
    cached = fields.Boolean(metadata={"description": "answered from the short-lived cache"})
    fields = fields.List(fields.Nested(FieldComparison))


class LookupOut(Schema):
    id = fields.String()
    person_id = fields.String()
    looked_up_by = fields.String(allow_none=True)
    looked_up_at = fields.DateTime()
    register = fields.String()
    outcome = fields.String(
        metadata={"description": "found, not_found, timeout, error or not_configured"}
    )
    cached = fields.Boolean()
    taken = fields.List(fields.String(), metadata={"description": "fields taken onto the card"})


EXAMPLE_COMPARISON = {
    "register": SPAR,
    "cached": False,
    "fields": [
        {
            "field": "first_name",
            "card": "Åsa",
            "register": "Åsa",
            "differs": False,
            "takeable": True,
        },
        {
            "field": "address",
            "card": "Gamla vägen 2",
            "register": "Storgatan 1",
            "differs": True,
            "takeable": True,
        },
        {"field": "sex", "card": None, "register": "female", "differs": False, "takeable": False},
    ],
}
EXAMPLE_LOOKUP = {
    "id": "0b1e6f9e-2c1e-4f3f-9d65-3f0f8c1b9a10",
    "person_id": "5d3c1a7e-9a0b-4e63-8c5b-1f2e3d4c5b6a",
    "looked_up_by": "user id of the staff member",
    "looked_up_at": "2026-12-05T09:30:00+00:00",
    "register": SPAR,
    "outcome": "found",
    "cached": False,
    "taken": ["address", "postal_code", "city"],
}


def registers():
    return current_app.extensions["registry.registers"]


def _failures(view):
    for code, description in _FAILURES.items():
        view = blp.alt_response(code, description=description)(view)
    return view


@blp.route("/persons/<uuid:person_id>/lookup")
class PersonLookup(MethodView):
    @requires(P.LOOKUPS_USE)
    @blp.arguments(LookupIn, example={})
    @blp.response(200, ComparisonOut, example=EXAMPLE_COMPARISON)
    @_failures
    def post(self, given, person_id):
        """Look the card up in its register (SPAR for a person, ARES for a company) and compare"""
        return lookups.compare(unit_of_work(), registers(), actor(), str(person_id), given)


@blp.route("/persons/<uuid:person_id>/lookup/apply")
class PersonLookupApply(MethodView):
    @requires(P.LOOKUPS_USE)
    @blp.arguments(ApplyIn, example={"fields": ["address", "postal_code", "city"]})
    @blp.response(200, ComparisonOut, example=EXAMPLE_COMPARISON)
    @_failures
    @blp.alt_response(412, description="If-Match: the card changed since it was compared")
    def post(self, chosen, person_id):
        """Take the chosen fields from the register onto the card, all of them or none

        The register is asked again (usually answered from the cache): the values come from
        the register, never from the caller. Send If-Match with the card's ETag as compared:
        a card changed since is 412 and nothing is taken.
        """
        return lookups.apply(
            unit_of_work(),
            registers(),
            actor(),
            str(person_id),
            chosen["fields"],
            region(),
            chosen,
            if_match_version(),
        )


@blp.route("/persons/<uuid:person_id>/lookups")
class PersonLookups(MethodView):
    @requires(P.LOOKUPS_USE)
    @blp.response(200, LookupOut(many=True), example=[EXAMPLE_LOOKUP])
    @blp.paginate()
    def get(self, person_id, pagination_parameters):
        """The person's look-ups, newest first: who, when, which register, outcome, fields taken"""
        offset, size = pagination_parameters.first_item, pagination_parameters.page_size
        rows, total = lookups.list_lookups(unit_of_work(), actor(), str(person_id), offset, size)
        pagination_parameters.item_count = total
        return rows
