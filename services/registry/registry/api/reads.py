"""The read log on a person's card: who viewed it, when (issue 23 §4)."""

from flask.views import MethodView
from marshmallow import Schema, fields

from foyer_shared.access import requires
from foyer_shared.pagination import one_page
from registry import permissions as P
from registry.api.common import actor, read_log, unit_of_work
from registry.api.versions import VersionedBlueprint
from registry.use_cases import read_log as reads

blp = VersionedBlueprint("reads", __name__, description="Who viewed a person's card")


class ReadOut(Schema):
    viewer = fields.String(metadata={"example": "user id of the staff member"})
    read_at = fields.DateTime(metadata={"example": "2026-12-04T09:30:00+00:00"})
    what = fields.String(metadata={"description": "card or journal", "example": "card"})


@blp.route("/persons/<uuid:person_id>/reads")
class PersonReads(MethodView):
    @requires(P.READS_READ)
    @blp.response(200, ReadOut(many=True))
    @blp.paginate()
    def get(self, person_id, pagination_parameters):
        """Who viewed the person's card and when, newest first (kept for a configured time)"""
        return one_page(
            pagination_parameters,
            lambda offset, size: reads.list_reads(
                unit_of_work(), actor(), str(person_id), offset, size, read_log()
            ),
        )
