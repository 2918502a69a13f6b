"""Duplicates (per person, scan, exceptions) and merging two persons into one."""

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import SingleLine
from foyer_shared.pagination import one_page
from foyer_shared.service import current_db
from registry import permissions as P
from registry.api.common import actor
from registry.use_cases import duplicates, merge

blp = Blueprint("merges", __name__, description="Duplicates and merges")
A, B = "6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c2d3e", "9a1e3b7c-2d4f-4e8a-b1c2-3d4e5f6a7b8c"


class DuplicateOut(Schema):
    person_id = fields.String()
    person_name = fields.String(metadata={"example": "Åsa Berg"})
    other_id = fields.String()
    other_name = fields.String()
    level = fields.String(metadata={"example": "strong"})
    score = fields.Integer(metadata={"example": 80})
    matched = fields.List(fields.String(), metadata={"example": ["first_name", "email"]})


class PairIn(Schema):
    keep = fields.UUID(required=True)
    remove = fields.UUID(required=True)


class MergeIn(PairIn):
    choices = fields.Dict(
        keys=SingleLine(),
        values=fields.String(validate=validate.OneOf(["keep", "remove"])),
        load_default=dict,
        metadata={"example": {"email": "remove"}},
    )


class PreviewOut(Schema):
    keep = fields.String()
    remove = fields.String()
    conflicts = fields.List(
        fields.Dict(),
        metadata={"example": [{"field": "email", "keep": "a@x.se", "remove": "b@x.se"}]},
    )
    moves = fields.Dict(metadata={"example": {"groups": 2, "relations": 1, "family": True}})
    blockers = fields.List(fields.String())


class MergeOut(Schema):
    kept_id = fields.String()
    removed_id = fields.String()
    taken = fields.List(fields.String(), metadata={"description": "fields taken from the removed"})


class ExceptionIn(Schema):
    person_id = fields.UUID(required=True)
    other_id = fields.UUID(required=True)


@blp.route("/persons/<uuid:person_id>/duplicates")
class PersonDuplicates(MethodView):
    @requires(P.DUPLICATES_READ)
    @blp.response(200, DuplicateOut(many=True))
    def get(self, person_id):
        """Suspected duplicates of one person, with score and matched fields"""
        return duplicates.for_person(current_db(), actor(), str(person_id))


@blp.route("/duplicates")
class Duplicates(MethodView):
    @requires(P.DUPLICATES_READ)
    @blp.response(200, DuplicateOut(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """Scan the whole register for suspected duplicates, strongest first"""
        return one_page(
            pagination_parameters, lambda offset, size: duplicates.scan(current_db(), offset, size)
        )


@blp.route("/duplicates/exceptions")
class Exceptions(MethodView):
    @requires(P.PERSONS_MERGE)
    @blp.arguments(ExceptionIn, example={"person_id": A, "other_id": B})
    @blp.response(204)
    def post(self, data):
        """Mark two persons as not duplicates (they are no longer suggested)"""
        duplicates.add_exception(current_db(), str(data["person_id"]), str(data["other_id"]))

    @requires(P.PERSONS_MERGE)
    @blp.arguments(ExceptionIn, example={"person_id": A, "other_id": B})
    @blp.response(204)
    def delete(self, data):
        """Withdraw a "not a duplicate" exception"""
        duplicates.remove_exception(current_db(), str(data["person_id"]), str(data["other_id"]))


@blp.route("/merges/preview")
class MergePreview(MethodView):
    @requires(P.PERSONS_MERGE)
    @blp.arguments(PairIn, example={"keep": A, "remove": B})
    @blp.response(200, PreviewOut)
    def post(self, data):
        """What a merge would do: field conflicts, what moves, blockers"""
        return merge.preview(current_db(), str(data["keep"]), str(data["remove"]))


@blp.route("/merges")
class Merges(MethodView):
    @requires(P.PERSONS_MERGE)
    @blp.arguments(MergeIn, example={"keep": A, "remove": B, "choices": {"email": "remove"}})
    @blp.response(201, MergeOut)
    def post(self, data):
        """Merge `remove` into `keep` in one transaction (publishes registry.person.merged)"""
        return merge.merge(
            current_db(), actor(), str(data["keep"]), str(data["remove"]), data["choices"]
        )
