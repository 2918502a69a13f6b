"""Bulk operations on persons (by ids or a filter), with a result per person."""

from flask.views import MethodView
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from foyer_shared.access import requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.fields import SingleLine
from foyer_shared.words import N_
from registry import permissions as P
from registry.api.common import actor, region, unit_of_work
from registry.api.schemas import PersonQuery
from registry.use_cases import bulk

blp = Blueprint("bulk", __name__, description="Bulk operations on persons")


class ActionIn(Schema):
    type = fields.String(required=True, validate=validate.OneOf(sorted(bulk.ACTION_PERMISSIONS)))
    group_id = SingleLine()
    status_id = SingleLine()
    field = SingleLine(metadata={"example": "home_facility"})
    value = fields.Raw(allow_none=True, metadata={"example": "Centrum"})


class FilterIn(PersonQuery):
    class Meta:
        exclude = ("sort",)


class BulkIn(Schema):
    ids = fields.List(SingleLine(), metadata={"example": ["6f1c0f3e-8c1d-4b53-9a43-2f1f0b1c"]})
    filter = fields.Nested(FilterIn)
    action = fields.Nested(ActionIn, required=True)

    @validates_schema
    def one_target(self, data, **_kwargs):
        if ("ids" in data) == ("filter" in data):
            raise ValidationError(N_("give either ids or filter"), "ids")


class ResultOut(Schema):
    person_id = fields.String()
    ok = fields.Boolean()
    error = fields.String(allow_none=True)


class BulkOut(Schema):
    results = fields.List(fields.Nested(ResultOut))
    succeeded = fields.Integer()
    failed = fields.Integer()


@blp.route("/persons/bulk")
class Bulk(MethodView):
    @requires(P.PERSONS_BULK)
    @blp.arguments(
        BulkIn,
        example={"filter": {"q": "lindström"}, "action": {"type": "set_status", "status_id": "…"}},
    )
    @blp.response(200, BulkOut)
    def post(self, data):
        """Add/remove a group or status, set a field or delete, per person (results per item)"""
        return bulk.run(
            unit_of_work(), actor(), data.get("ids"), data.get("filter"), data["action"], region()
        )
