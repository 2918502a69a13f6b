"""A person's consents: record one (given or withdrawn), list the current ones and the history."""

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from foyer_shared.access import requires
from foyer_shared.fields import SingleLine
from registry import permissions as P
from registry.api.common import actor, unit_of_work
from registry.api.versions import VersionedBlueprint
from registry.domain.consents import CHANNELS
from registry.use_cases import consents

blp = VersionedBlueprint("consents", __name__, description="Consents per person and purpose")


class ConsentIn(Schema):
    purpose = SingleLine(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "what the consent is for", "example": "photos"},
    )
    text_version = SingleLine(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={"description": "the version of the wording the person saw", "example": "2026-01"},
    )
    given = fields.Boolean(
        required=True, metadata={"description": "true: given; false: withdrawn", "example": True}
    )
    channel = fields.String(
        validate=validate.OneOf(CHANNELS),
        metadata={"description": "where it was given (default api)", "example": "console"},
    )


class ConsentOut(Schema):
    purpose = fields.String(metadata={"example": "photos"})
    text_version = fields.String(metadata={"example": "2026-01"})
    given = fields.Boolean(metadata={"example": True})
    recorded_at = fields.DateTime()
    recorded_by = fields.String(allow_none=True, metadata={"example": "user id"})
    by_self = fields.Boolean(metadata={"description": "given by the person themselves"})
    channel = fields.String(metadata={"example": "console"})


class ConsentsOut(Schema):
    current = fields.List(fields.Nested(ConsentOut))
    history = fields.List(fields.Nested(ConsentOut), metadata={"description": "oldest first"})


@blp.route("/persons/<uuid:person_id>/consents")
class PersonConsents(MethodView):
    @requires(P.PERSONS_READ)
    @blp.response(200, ConsentsOut)
    def get(self, person_id):
        """The person's consents: the current answer per purpose and every answer given"""
        return consents.list_consents(unit_of_work(), actor(), str(person_id))

    @requires(P.PERSONS_WRITE)
    @blp.arguments(
        ConsentIn,
        example={
            "purpose": "photos",
            "text_version": "2026-01",
            "given": True,
            "channel": "console",
        },
    )
    @blp.response(201, ConsentOut)
    def post(self, data, person_id):
        """Record a consent given or withdrawn (a member for themselves; staff for anyone)"""
        return consents.record_consent(unit_of_work(), actor(), str(person_id), data)
